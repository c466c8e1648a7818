import { router } from "../trpc.ts";
import { boxRouter } from "./box.ts";
import { challengeRouter } from "./challenge.ts";
import { datasetRouter } from "./dataset.ts";
import { groupRouter } from "./group.ts";
import { leaderboardRouter } from "./leaderboard.ts";
import { submissionRouter } from "./submission.ts";
import { tokenRouter } from "./token.ts";

export const appRouter = router({
  box: boxRouter,
  challenge: challengeRouter,
  dataset: datasetRouter,
  group: groupRouter,
  leaderboard: leaderboardRouter,
  submission: submissionRouter,
  token: tokenRouter,
});

export type AppRouter = typeof appRouter;
