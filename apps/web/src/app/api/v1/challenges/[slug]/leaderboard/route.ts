import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { restRoute } from "~/server/rest/rest-route.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute<{ slug: string }>("read", async ({ platform, token, params }) => {
  const board = await getLeaderboard(platform, token.caller, params.slug);
  return {
    challenge: params.slug,
    primaryMetric: board.primaryMetric,
    higherIsBetter: board.higherIsBetter,
    rows: board.rows.map((r) => ({ rank: r.rank, participant: r.participant, submissionId: r.submissionId, scores: r.scores, submittedAt: r.submittedAt.toISOString() })),
  };
});
