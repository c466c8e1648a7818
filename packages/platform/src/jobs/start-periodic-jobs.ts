// Runs the periodic jobs on this process: for each, a timer offers a run
// every so often and a worker takes whichever run is queued. With the
// "stately" queue policy at most one run waits and one runs, however many
// processes offer them, and each job fails or succeeds on its own.
import type { Platform } from "../platform.ts";
import { ensureQueue } from "../queue/queue.ts";
import type { PeriodicJob } from "./job-definition.ts";
import {
  refreshStaleLeaderboardsJob,
  revealDueLeaderboardsJob,
  dropExpiredUploadsJob,
  resendQueuedDerivationsJob,
} from "./definitions/maintenance.ts";
import { sweepStrandedSubmissionsJob } from "./definitions/sweep-stranded-submissions.ts";

export const PERIODIC_JOBS: PeriodicJob[] = [
  sweepStrandedSubmissionsJob,
  resendQueuedDerivationsJob,
  dropExpiredUploadsJob,
  revealDueLeaderboardsJob,
  refreshStaleLeaderboardsJob,
];

/** Starts them; the returned function stops offering runs and taking them. */
export async function startPeriodicJobs(
  platform: Platform,
  sweepSeconds: number,
  log: (line: string) => void,
  jobs: PeriodicJob[] = PERIODIC_JOBS,
): Promise<() => Promise<void>> {
  const boss = await platform.queue();
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    await ensureQueue(boss, job.name, job.queue);
    const every = job.everySeconds(sweepSeconds);
    await boss.work(job.name, { pollingIntervalSeconds: Math.max(0.5, Math.min(every, 2)) }, async ([run]) => {
      job.payload.parse(run.data);
      const line = await job.run(platform).catch((error: Error) => {
        log(`[jobs] ${job.name} failed: ${error.message}`);
        throw error;
      });
      if (line) log(`[jobs] ${job.name}: ${line}`);
    });
    const offer = () =>
      void boss.send(job.name, {}).catch((error: Error) => log(`[jobs] could not queue ${job.name}: ${error.message}`));
    offer();
    timers.push(setInterval(offer, every * 1000));
  }
  return async () => {
    for (const t of timers) clearInterval(t);
    for (const job of jobs) await boss.offWork(job.name);
  };
}
