// The periodic maintenance jobs besides the sweep of stranded submissions:
// each its own queue and schedule, so one that fails never skips another.
import { dropExpiredDatasetUploads } from "../../datasets/dataset-upload.ts";
import { refreshLeaderboard, staleLeaderboards } from "../../leaderboard/refresh-leaderboard.ts";
import { revealDueLeaderboards } from "../../leaderboard/reveal-private-leaderboard.ts";
import { dropExpiredUploads } from "../../submissions/presigned-upload.ts";
import { periodicJob } from "../job-definition.ts";
import { enqueueDerivation } from "./derive-blind-release.ts";

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

/** A blind derivation whose job was never sent (the queue was away when it was asked for) is sent again. */
export const resendQueuedDerivationsJob = periodicJob({
  name: "resend-queued-derivations",
  everySeconds: (sweep) => Math.max(sweep, 30),
  async run(platform) {
    const queued = await platform.db.blindDerivation.findMany({
      where: { status: "QUEUED", createdAt: { lt: new Date(Date.now() - 60_000) } },
      select: { id: true },
      take: 100,
    });
    const boss = await platform.queue();
    for (const d of queued) await enqueueDerivation(boss, d.id); // one waiting job per derivation (singletonKey)
    return null;
  },
});
