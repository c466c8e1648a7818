import { z } from "zod";
import { getDownloadUrl, getDownloadUrlByName } from "@unblind/platform/datasets/get-download-url.ts";
import { publicProcedure, router } from "../trpc.ts";

export const datasetRouter = router({
  downloadUrl: publicProcedure
    .input(z.object({ fileId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => getDownloadUrl(ctx.platform, ctx.caller, input.fileId)),
  urlByName: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(100), name: z.string().min(1).max(300) }))
    .mutation(({ ctx, input }) => getDownloadUrlByName(ctx.platform, ctx.caller, { challengeSlug: input.slug, name: input.name })),
});
