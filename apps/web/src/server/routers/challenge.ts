import { z } from "zod";
import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { publicProcedure, router } from "../trpc.ts";

const slug = z.object({ slug: z.string().min(1).max(100) });

export const challengeRouter = router({
  list: publicProcedure.query(({ ctx }) => listChallenges(ctx.platform)),
  get: publicProcedure.input(slug).query(({ ctx, input }) => getChallenge(ctx.platform, ctx.caller, input.slug)),
  leaderboard: publicProcedure.input(slug).query(({ ctx, input }) => getLeaderboard(ctx.platform, input.slug)),
});
