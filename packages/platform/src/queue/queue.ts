// The job queue (pg-boss 10 on the same PostgreSQL). One queue per kind of
// work, each defined in jobs/definitions/.
import PgBoss from "pg-boss";
import { deriveBlindReleaseJob } from "../jobs/definitions/derive-blind-release.ts";
import { scoreSubmissionJob } from "../jobs/definitions/score-submission.ts";
import { scoreExampleJob } from "../jobs/definitions/score-example.ts";

export async function startQueue(databaseUrl: string, options: { max?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: options.max ?? 4, application_name: "unblind-queue" });
  boss.on("error", (error) => console.error(`[queue] ${error.message}`));
  await boss.start();
  for (const job of [scoreSubmissionJob, deriveBlindReleaseJob, scoreExampleJob])
    await ensureQueue(boss, job.name, job.queue);
  return boss;
}

/**
 * Creates a queue, or brings an existing one's settings up to date (an older
 * version may have other ones). Processes that start together create the
 * same queues at once, which PostgreSQL may answer with a deadlock or a
 * duplicate: tried again, after a random pause.
 */
export async function ensureQueue(boss: PgBoss, name: string, settings: Omit<PgBoss.Queue, "name">): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, { name, ...settings });
      await boss.updateQueue(name, { name, ...settings });
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 8 || (code !== "40P01" && code !== "23505" && code !== "42P07")) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}
