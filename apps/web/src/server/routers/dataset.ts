import { z } from "zod";
import { getDownloadUrl, getDownloadUrlByName } from "@unblind/platform/datasets/get-download-url.ts";
import {
  abortDatasetUpload,
  completeDatasetUpload,
  getDatasetUpload,
  recordDatasetPart,
  startDatasetUpload,
} from "@unblind/platform/datasets/dataset-upload.ts";
import {
  getBlindDerivation,
  listBlindDerivations,
  requestBlindDerivation,
} from "@unblind/platform/datasets/blind-derivation.ts";
import { deleteDatasetFile, listDatasetFiles, purgeDatasetFile } from "@unblind/platform/datasets/manage-files.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

const id = z.string().min(1).max(100);
const fileRef = z.object({ slug: id, fileId: id });
const datasetFile = z.object({ dataset: z.string().min(1).max(200), name: z.string().min(1).max(300) });

export const datasetRouter = router({
  downloadUrl: publicProcedure
    .input(z.object({ fileId: id }))
    .mutation(({ ctx, input }) => getDownloadUrl(ctx.platform, ctx.caller, input.fileId)),
  urlByName: publicProcedure
    .input(z.object({ slug: id, name: z.string().min(1).max(300) }))
    .mutation(({ ctx, input }) =>
      getDownloadUrlByName(ctx.platform, ctx.caller, { challengeSlug: input.slug, name: input.name }),
    ),

  // Organizers: every version, resumable uploads, soft delete and purge.
  versions: protectedProcedure
    .input(z.object({ slug: id }))
    .query(({ ctx, input }) => listDatasetFiles(ctx.platform, ctx.caller, input.slug)),
  startUpload: protectedProcedure
    .input(
      z.object({
        slug: id,
        dataset: z.string().min(1).max(200),
        name: z.string().min(1).max(300),
        size: z.number().int().positive(),
        level: z.enum(["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"]).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      startDatasetUpload(ctx.platform, ctx.caller, {
        challengeSlug: input.slug,
        dataset: input.dataset,
        name: input.name,
        size: input.size,
        access: input.level,
      }),
    ),
  upload: protectedProcedure
    .input(z.object({ uploadId: id }))
    .query(({ ctx, input }) => getDatasetUpload(ctx.platform, ctx.caller, input.uploadId)),
  recordPart: protectedProcedure
    .input(z.object({ uploadId: id, partNumber: z.number().int().positive(), etag: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => recordDatasetPart(ctx.platform, ctx.caller, input.uploadId, input)),
  completeUpload: protectedProcedure
    .input(z.object({ uploadId: id, sha256: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => completeDatasetUpload(ctx.platform, ctx.caller, input.uploadId, input)),
  abortUpload: protectedProcedure
    .input(z.object({ uploadId: id }))
    .mutation(({ ctx, input }) => abortDatasetUpload(ctx.platform, ctx.caller, input.uploadId)),
  deleteFile: protectedProcedure
    .input(fileRef)
    .mutation(({ ctx, input }) => deleteDatasetFile(ctx.platform, ctx.caller, input)),
  // Hosting a labelled file blind (datasets/blind-derivation.ts).
  derivations: protectedProcedure
    .input(z.object({ slug: id }))
    .query(({ ctx, input }) => listBlindDerivations(ctx.platform, ctx.caller, input.slug)),
  derivation: protectedProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => getBlindDerivation(ctx.platform, ctx.caller, input.id)),
  deriveBlind: protectedProcedure
    .input(
      z.object({
        slug: id,
        source: datasetFile,
        frameKey: z.string().min(1).max(100),
        answerColumns: z.array(z.string().min(1).max(200)).min(1).max(100),
        participant: datasetFile,
        answerKey: datasetFile,
        truthOf: z.array(z.string().min(1).max(100)).max(20).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      requestBlindDerivation(ctx.platform, ctx.caller, { ...input, challengeSlug: input.slug }),
    ),
  purgeFile: protectedProcedure
    .input(fileRef)
    .mutation(({ ctx, input }) => purgeDatasetFile(ctx.platform, ctx.caller, input)),
});
