// The job queue (pg-boss 10 on the same PostgreSQL). One queue per kind of
// work; a job's lease (expireInSeconds) makes another worker re-run it if its
// worker dies, and retries back off exponentially.
import PgBoss from "pg-boss";

export const SCORE_QUEUE = "score-submission";

export interface ScoreJob {
  submissionId: string;
}

export const SCORE_QUEUE_OPTIONS = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
} as const;

export async function startQueue(databaseUrl: string, options: { max?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: options.max ?? 4, application_name: "unblind-queue" });
  boss.on("error", (error) => console.error(`[queue] ${error.message}`));
  await boss.start();
  await boss.createQueue(SCORE_QUEUE, { name: SCORE_QUEUE, policy: "standard", ...SCORE_QUEUE_OPTIONS });
  return boss;
}

export async function enqueueScoring(boss: PgBoss, submissionId: string): Promise<void> {
  const id = await boss.send(SCORE_QUEUE, { submissionId } satisfies ScoreJob, {
    ...SCORE_QUEUE_OPTIONS,
    singletonKey: submissionId,
  });
  if (!id) throw new Error(`submission ${submissionId} is already queued`);
}
