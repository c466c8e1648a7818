import { z } from "zod";
import { isOrganizer } from "@unblind/platform/challenges/challenge-access.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { getLeaderboard, leaderboardScope, MAX_PAGE } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { getLeaderboardPlots, MAX_CURVES } from "@unblind/platform/leaderboard/get-leaderboard-plots.ts";
import { setLeaderboardSettings } from "@unblind/platform/leaderboard/leaderboard-settings.ts";
import { revealPrivateLeaderboard } from "@unblind/platform/leaderboard/reveal-private-leaderboard.ts";
import { selectFinalSubmission } from "@unblind/platform/leaderboard/select-final-submission.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

const scope = z.object({
  slug: z.string().min(1).max(100),
  phase: z.string().min(1).max(200).optional(),
  board: z.enum(["public", "private"]).optional(),
});
const phase = z.object({ slug: z.string().min(1).max(100), phase: z.string().min(1).max(200) });

export const leaderboardRouter = router({
  get: publicProcedure
    .input(scope.extend({ offset: z.int().min(0).optional(), limit: z.int().min(1).max(MAX_PAGE).optional() }))
    .query(({ ctx, input: { slug, ...query } }) => getLeaderboard(ctx.platform, ctx.caller, slug, query)),
  plots: publicProcedure
    .input(scope.extend({ top: z.int().min(1).max(MAX_CURVES).optional() }))
    .query(({ ctx, input: { slug, ...query } }) => getLeaderboardPlots(ctx.platform, ctx.caller, slug, query)),
  /** What the caller may do here (the page itself is the same for everyone, so it can be cached). */
  rights: publicProcedure.input(scope).query(async ({ ctx, input: { slug, ...query } }) => {
    const { challenge } = await leaderboardScope(ctx.platform, ctx.caller, slug, query);
    return { organizer: await isOrganizer(ctx.platform.db, ctx.caller, challenge.id) };
  }),
  select: protectedProcedure
    .input(z.object({ submissionId: z.string().min(1).max(100), selected: z.boolean() }))
    .mutation(({ ctx, input }) => selectFinalSubmission(ctx.platform, ctx.caller, input)),
  reveal: protectedProcedure.input(phase.extend({ confirm: z.string().max(200) })).mutation(({ ctx, input }) => {
    if (input.confirm.trim() !== input.phase)
      throw new AppError("BAD_REQUEST", `Type the phase's name, ${input.phase}, to confirm.`);
    return revealPrivateLeaderboard(ctx.platform, ctx.caller, input);
  }),
  settings: protectedProcedure
    .input(
      phase.extend({
        publicFraction: z.number().gt(0).lt(1).nullable().optional(),
        revealAtClose: z.boolean().optional(),
        finalSelections: z.int().min(1).max(100).optional(),
        scoreDigits: z.int().min(0).max(12).nullable().optional(),
        tieConfidence: z.number().gt(0).lt(1).optional(),
        bootstrapResamples: z.int().min(0).max(10_000).optional(),
        secondaryMetric: z.string().max(100).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => setLeaderboardSettings(ctx.platform, ctx.caller, input)),
});
