// A scoring worker: takes jobs from the queue (SCORER_CONCURRENCY at once),
// runs the sweeper that rescues stranded submissions, and stops gracefully:
// running jobs get a grace period, then are killed and handed back.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { refreshLeaderboard, staleLeaderboards } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import { revealDueLeaderboards } from "@unblind/platform/leaderboard/reveal-private-leaderboard.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { SCORE_QUEUE, type ScoreJob } from "@unblind/platform/queue/queue.ts";
import type { ScorerConfig } from "./config.ts";
import type { ScorerRuntime } from "./run-scorer-cli.ts";
import { sandboxUid } from "./runtime.ts";
import { scoreSubmission } from "./score-submission.ts";
import { dropExpiredUploads } from "@unblind/platform/submissions/presigned-upload.ts";
import { dropExpiredDatasetUploads } from "@unblind/platform/datasets/dataset-upload.ts";
import { sweepStranded } from "./sweeper.ts";
import { WorkerMetrics } from "./worker-metrics.ts";

/** A job whose challenge is at its cap comes back after this long. */
const BUSY_DELAY_SECONDS = 2;

export interface ScoringWorker {
  owner: string;
  metrics: WorkerMetrics;
  queueDepth(): Promise<number | null>;
  stop(): Promise<void>;
}

export async function startScoringWorker(
  platform: Platform,
  runtime: Omit<ScorerRuntime, "uid">,
  config: ScorerConfig,
  log: (line: string) => void = console.log,
): Promise<ScoringWorker> {
  const boss = await platform.queue();
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const metrics = new WorkerMetrics();
  const shutdown = new AbortController();
  const running = new Set<Promise<unknown>>();
  const freeSlots = Array.from({ length: config.SCORER_CONCURRENCY }, (_, i) => i);

  const handle = async (submissionId: string) => {
    const slot = freeSlots.pop() ?? 0;
    const started = performance.now();
    metrics.inFlight++;
    try {
      const ctx = {
        platform,
        runtime: { ...runtime, uid: sandboxUid(config, slot) },
        owner,
        leaseSeconds: config.SCORER_LEASE_SECONDS,
        maxAttempts: config.SCORER_MAX_ATTEMPTS,
      };
      const outcome = await scoreSubmission(ctx, submissionId, shutdown.signal);
      const ms = Math.round(performance.now() - started);
      metrics.record(outcome, ms);
      log(`[scorer] ${submissionId} ${outcome} in ${ms} ms`);
      if (outcome === "BUSY")
        await boss.send(SCORE_QUEUE, { submissionId } satisfies ScoreJob, { startAfter: BUSY_DELAY_SECONDS });
      // Thrown, so the queue retries it with exponential backoff.
      if (outcome === "RETRY") throw new Error("internal error while scoring; retrying with backoff");
    } finally {
      metrics.inFlight--;
      freeSlots.push(slot);
    }
  };

  for (let i = 0; i < config.SCORER_CONCURRENCY; i++) {
    await boss.work<ScoreJob>(SCORE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      const work = handle(job.data.submissionId);
      running.add(work);
      try {
        await work;
      } finally {
        running.delete(work);
      }
    });
  }

  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepStranded(platform.db, boss)
      .then((ids) => ids.length && log(`[scorer] re-queued stranded submissions: ${ids.join(", ")}`))
      .then(async () => (await dropExpiredUploads(platform)) + (await dropExpiredDatasetUploads(platform)))
      .then((n) => n && log(`[scorer] dropped ${n} expired unfinished upload(s)`))
      .then(() => revealDueLeaderboards(platform.db))
      .then((n) => n && log(`[scorer] revealed ${n} private leaderboard(s) at their phase's close`))
      .then(async () => {
        // A board whose refresh after a result failed (or never ran) catches up here.
        for (const phaseId of await staleLeaderboards(platform.db)) await refreshLeaderboard(platform.db, phaseId);
      })
      .catch((error: Error) => log(`[scorer] sweep failed: ${error.message}`))
      .finally(() => (sweeping = false));
  }, config.SCORER_SWEEP_SECONDS * 1000);

  return {
    owner,
    metrics,
    queueDepth: () => boss.getQueueSize(SCORE_QUEUE).catch(() => null),
    async stop() {
      clearInterval(sweeper);
      await boss.offWork(SCORE_QUEUE);
      const settled = Promise.allSettled([...running]);
      const graceOver = new Promise((resolve) =>
        setTimeout(resolve, config.SCORER_SHUTDOWN_GRACE_SECONDS * 1000).unref(),
      );
      if ((await Promise.race([settled.then(() => "done"), graceOver])) !== "done") {
        log("[scorer] grace period over: stopping running jobs and handing them back");
        shutdown.abort();
        await settled;
      }
      await boss.stop({ graceful: false, wait: true });
    },
  };
}
