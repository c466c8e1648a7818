import { z } from "zod";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { publicProcedure, router } from "../trpc.ts";

export const datasetRouter = router({
  downloadUrl: publicProcedure
    .input(z.object({ fileId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => getDownloadUrl(ctx.platform, ctx.caller, input.fileId)),
});
