import { z } from "zod";
import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import {
  getChallengeSettings,
  setChallengeAccess,
  setFileLevel,
} from "@unblind/platform/challenges/challenge-settings.ts";
import { createChallengeFromPackage } from "@unblind/platform/challenges/create-from-package.ts";
import { setFpgaBudget } from "@unblind/platform/challenges/fpga-budget-settings.ts";
import { setChallengePages } from "@unblind/platform/challenges/set-challenge-pages.ts";
import { phaseScheduleSchema, setPhaseSchedule } from "@unblind/platform/challenges/set-phase-schedule.ts";
import { metricDisplaySchema, setMetricDisplay } from "@unblind/platform/challenges/set-metric-display.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

const slug = z.object({ slug: z.string().min(1).max(100) });
const groupName = z.string().trim().min(3).max(100);

export const challengeRouter = router({
  list: publicProcedure.query(({ ctx }) => listChallenges(ctx.platform, ctx.caller)),
  get: publicProcedure.input(slug).query(({ ctx, input }) => getChallenge(ctx.platform, ctx.caller, input.slug)),
  leaderboard: publicProcedure
    .input(slug)
    .query(({ ctx, input }) => getLeaderboard(ctx.platform, ctx.caller, input.slug)),
  settings: protectedProcedure
    .input(slug)
    .query(({ ctx, input }) => getChallengeSettings(ctx.platform, ctx.caller, input.slug)),
  setAccess: protectedProcedure
    .input(
      slug.extend({
        visibility: z.enum(["PUBLIC", "RESTRICTED"]),
        viewGroups: z.array(groupName).max(50),
        organizerGroups: z.array(groupName).max(50),
        eligibleGroup: groupName.nullable(),
        alsoRequiredGroup: groupName.nullable(),
      }),
    )
    .mutation(({ ctx, input: { slug, ...next } }) => setChallengeAccess(ctx.platform, ctx.caller, slug, next)),
  setFileLevel: protectedProcedure
    .input(
      slug.extend({
        file: z.string().min(1).max(300),
        level: z.enum(["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"]),
      }),
    )
    .mutation(({ ctx, input }) => setFileLevel(ctx.platform, ctx.caller, input)),
  // The JSON is validated by the scorer's own parser, which names the key at fault.
  setFpgaBudget: protectedProcedure
    .input(slug.extend({ config: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }) => setFpgaBudget(ctx.platform, ctx.caller, input)),
  // The pages are checked by the use case's schema, which names the page at fault.
  setPages: protectedProcedure
    .input(slug.extend({ pages: z.array(z.object({ title: z.string(), markdown: z.string() })).max(50) }))
    .mutation(({ ctx, input }) => setChallengePages(ctx.platform, ctx.caller, input)),
  // Checked by the use cases' schemas: dates in order, limits in range, the same metrics.
  setPhaseSchedule: protectedProcedure
    .input(phaseScheduleSchema)
    .mutation(({ ctx, input }) => setPhaseSchedule(ctx.platform, ctx.caller, input)),
  setMetricDisplay: protectedProcedure
    .input(metricDisplaySchema)
    .mutation(({ ctx, input }) => setMetricDisplay(ctx.platform, ctx.caller, input)),
  createFromPackage: protectedProcedure
    .input(
      z.object({
        package: z.string().min(1).max(100),
        slug: z.string().min(1).max(100),
        title: z.string().min(1).max(200),
        syntheticData: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => createChallengeFromPackage(ctx.platform, ctx.caller, input)),
  audit: protectedProcedure
    .input(z.object({ slug: z.string().min(1).max(100).optional(), beforeId: z.string().regex(/^\d+$/).optional() }))
    .query(({ ctx, input }) =>
      listAuditEvents(ctx.platform, ctx.caller, {
        challengeSlug: input.slug,
        beforeId: input.beforeId ? BigInt(input.beforeId) : undefined,
      }),
    ),
});
