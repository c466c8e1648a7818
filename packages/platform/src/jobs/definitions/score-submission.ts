// Score one submission: the scorer process registers the handler
// (apps/scorer/src/worker.ts). Attempts are counted in one place, the
// submission's row (lease.ts, SCORER_MAX_ATTEMPTS): the queue never retries
// by itself; a retry is a new job sent after a backoff.
import type PgBoss from "pg-boss";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { JobDefinition } from "../job-definition.ts";
import { notifyJob } from "../job-wakeup.ts";

export const scoreSubmissionJob = {
  name: "score-submission",
  version: 1,
  payload: z.object({ submissionId: z.string().min(1) }),
  queue: { policy: "standard", retryLimit: 0, expireInSeconds: 15 * 60 },
} satisfies JobDefinition<{ submissionId: string }>;

export type ScoreSubmissionPayload = z.infer<typeof scoreSubmissionJob.payload>;

/**
 * Queues the scoring of a submission, now or `later` (a retry, or a challenge
 * at its cap: sent while the current job is still active, so under its own
 * key), and notes the job on the submission's row for the sweeper. One job
 * per key waits at a time (pg-boss singletonKey); another job for the same
 * submission is harmless, as the claim lets one through.
 */
export async function enqueueScoring(
  { db, boss }: { db: Db; boss: PgBoss },
  submissionId: string,
  later?: { why: string; afterSeconds: number },
): Promise<void> {
  const id = await boss.send(scoreSubmissionJob.name, { submissionId } satisfies ScoreSubmissionPayload, {
    singletonKey: later ? `${submissionId}#${later.why}` : submissionId,
    ...(later ? { startAfter: later.afterSeconds } : {}),
  });
  if (!id) throw new Error(`submission ${submissionId} is already queued`);
  await db.submission.updateMany({ where: { id: submissionId }, data: { scoringJobId: id } });
  // A job due now wakes the scorers at once instead of at their next poll.
  if (!later || later.afterSeconds <= 0) await notifyJob(db, scoreSubmissionJob.name);
}

/**
 * Whether the job last sent for a submission may still score it: waiting
 * (created, retry), or fetched in the last minute (its worker is about to
 * claim). An older active job belongs to a worker that stopped; a finished
 * or missing one scores nothing more. Asked through pg-boss's API.
 */
export async function scoringJobAlive(boss: PgBoss, jobId: string | null, now = Date.now()): Promise<boolean> {
  if (!jobId) return false;
  const job = await boss.getJobById(scoreSubmissionJob.name, jobId);
  if (!job) return false;
  if (job.state === "created" || job.state === "retry") return true;
  return job.state === "active" && job.startedOn !== null && now - new Date(job.startedOn).getTime() < 60_000;
}

/** The wait before attempt n + 1: 5 s, doubling, at most 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));
}
