// A leaderboard row as getLeaderboard returns it, for the tests of what the web app writes from one.
import type { LeaderboardRow } from "@unblind/platform/leaderboard/get-leaderboard.ts";

export const leaderboardRow = (
  rank: number,
  participant: string,
  scores: Record<string, unknown>,
  more: Partial<LeaderboardRow> = {},
): LeaderboardRow => ({
  rank,
  submissionId: `s${rank}`,
  participant,
  scores,
  submittedAt: new Date("2026-11-23T12:00:00Z"),
  interval: { low: 0.9, high: null, level: 0.68 },
  tiedWithAbove: null,
  probabilityAboveBetter: null,
  submissions: 3,
  ...more,
});
