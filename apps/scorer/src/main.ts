// The scorer worker: claims scoring jobs from the queue and runs them one at a
// time (SCORER_CONCURRENCY to change). SIGTERM stops taking jobs and lets the
// running one finish.
import { loadEnv, EnvError } from "@unblind/platform/config/env.ts";
import { createPlatform } from "@unblind/platform/platform.ts";
import { SCORE_QUEUE, SCORE_QUEUE_OPTIONS, type ScoreJob } from "@unblind/platform/queue/queue.ts";
import { scoreSubmission } from "./score-submission.ts";

async function main() {
  const env = loadEnv();
  const platform = createPlatform(env);
  const boss = await platform.queue();
  const concurrency = Math.max(1, Number(process.env.SCORER_CONCURRENCY ?? 1));
  for (let i = 0; i < concurrency; i++) {
    await boss.work<ScoreJob>(SCORE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([job]) => {
      const isLast = job.retryCount >= SCORE_QUEUE_OPTIONS.retryLimit;
      const started = Date.now();
      const outcome = await scoreSubmission(platform, job.data.submissionId, { isLast });
      console.log(`[scorer] ${job.data.submissionId} ${outcome} in ${Date.now() - started} ms`);
      if (outcome === "RETRY") throw new Error("scorer crashed; retrying");
    });
  }
  console.log(`[scorer] ready, concurrency ${concurrency}`);
  const stop = async (signal: string) => {
    console.log(`[scorer] ${signal}: finishing the current job`);
    await boss.stop({ graceful: true, timeout: 60_000, wait: true });
    await platform.db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
