import { z } from "zod";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { listMySubmissions } from "@unblind/platform/submissions/list-my-submissions.ts";
import { getDisplayTruth } from "@unblind/platform/submissions/get-display-truth.ts";
import { rescorePhase } from "@unblind/platform/submissions/rescore-phase.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

export const submissionRouter = router({
  get: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getSubmission(ctx.platform, ctx.caller, input.id)),
  /** A mutation (never cached by the browser): it reads test labels once the phase has closed. */
  displayTruth: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => getDisplayTruth(ctx.platform, ctx.caller, input.id)),
  rescorePhase: protectedProcedure
    .input(z.object({ phaseId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => rescorePhase(ctx.platform, ctx.caller, input)),
  mine: publicProcedure
    .input(z.object({ slug: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => listMySubmissions(ctx.platform, ctx.caller, input.slug)),
});
