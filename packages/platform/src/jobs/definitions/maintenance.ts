// The periodic maintenance jobs besides the sweep of stranded submissions:
// each its own queue and schedule, so one that fails never skips another.
import { dropExpiredDatasetUploads } from "../../datasets/dataset-upload.ts";
import { refreshLeaderboard, staleLeaderboards } from "../../leaderboard/refresh-leaderboard.ts";
import { revealDueLeaderboards } from "../../leaderboard/reveal-private-leaderboard.ts";
import { dropExpiredUploads } from "../../submissions/presigned-upload.ts";
import { periodicJob } from "../job-definition.ts";

/** Uploads started but never completed before they expired: aborted, their parts removed. */
export const dropExpiredUploadsJob = periodicJob({
  name: "drop-expired-uploads",
  everySeconds: (sweep) => Math.max(sweep, 60),
  async run(platform) {
    const n = (await dropExpiredUploads(platform)) + (await dropExpiredDatasetUploads(platform));
    return n ? `dropped ${n} expired unfinished upload(s)` : null;
  },
});

/** Private boards whose phase closed and asks to reveal them then. */
export const revealDueLeaderboardsJob = periodicJob({
  name: "reveal-due-leaderboards",
  everySeconds: (sweep) => sweep,
  async run(platform) {
    const n = await revealDueLeaderboards(platform.db);
    return n ? `revealed ${n} private leaderboard(s) at their phase's close` : null;
  },
});

/** A board whose refresh after a result failed (or never ran) catches up. */
export const refreshStaleLeaderboardsJob = periodicJob({
  name: "refresh-stale-leaderboards",
  everySeconds: (sweep) => sweep,
  async run(platform) {
    const stale = await staleLeaderboards(platform.db);
    for (const phaseId of stale) await refreshLeaderboard(platform.db, phaseId);
    return stale.length ? `refreshed ${stale.length} stale leaderboard(s)` : null;
  },
});
