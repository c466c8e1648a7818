// A scoring worker: takes score-submission jobs (SCORER_CONCURRENCY at once),
// runs the periodic maintenance jobs (jobs/start-periodic-jobs.ts: the sweep
// of stranded submissions, expired uploads, due reveals, stale boards), and
// stops gracefully: running jobs get a grace period, then are killed and
// handed back.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  enqueueScoring,
  retryDelaySeconds,
  scoreSubmissionJob,
} from "@unblind/platform/jobs/definitions/score-submission.ts";
import { deriveBlindReleaseJob } from "@unblind/platform/jobs/definitions/derive-blind-release.ts";
import { scoreExampleJob } from "@unblind/platform/jobs/definitions/score-example.ts";
import { requireDatabaseUrl } from "@unblind/platform/config/env.ts";
import { wakeWorkersOnNotify } from "@unblind/platform/jobs/job-wakeup.ts";
import { startPeriodicJobs } from "@unblind/platform/jobs/start-periodic-jobs.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import type { ScorerConfig } from "./config.ts";
import type { ScorerRuntime } from "./run-scorer-cli.ts";
import { sandboxUid } from "./runtime.ts";
import { deriveRelease } from "./derive-release.ts";
import { scoreSubmission } from "./score-submission.ts";
import { workExampleJobs } from "./score-example.ts";
import { WarmSlot } from "./warm-scorer.ts";
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
  // Each slot's next scorer sandbox, started and loaded before its job arrives.
  const warm = Array.from(
    { length: config.SCORER_CONCURRENCY },
    (_, slot) => new WarmSlot({ ...runtime, uid: sandboxUid(config, slot) }),
  );

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
        warm: warm[slot],
      };
      const outcome = await scoreSubmission(ctx, submissionId, shutdown.signal);
      const ms = Math.round(performance.now() - started);
      metrics.record(outcome, ms);
      log(`[scorer] ${submissionId} ${outcome} in ${ms} ms`);
      if (outcome === "BUSY")
        await enqueueScoring({ db: platform.db, boss }, submissionId, {
          why: `busy-${Date.now()}`,
          afterSeconds: BUSY_DELAY_SECONDS,
        });
      if (outcome === "RETRY") {
        // Handed back (QUEUED) by scoreSubmission; the row counts the attempts, and the next one waits longer.
        const { attempts } = await platform.db.submission.findUniqueOrThrow({
          where: { id: submissionId },
          select: { attempts: true },
        });
        await enqueueScoring({ db: platform.db, boss }, submissionId, {
          why: `retry-${attempts}`,
          afterSeconds: retryDelaySeconds(attempts),
        });
      }
    } finally {
      warm[slot].refill();
      metrics.inFlight--;
      freeSlots.push(slot);
    }
  };

  const scoringWorkers: string[] = [];
  for (let i = 0; i < config.SCORER_CONCURRENCY; i++) {
    const workerId = await boss.work(
      scoreSubmissionJob.name,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        const work = handle(scoreSubmissionJob.payload.parse(job.data).submissionId);
        running.add(work);
        try {
          await work;
        } finally {
          running.delete(work);
        }
      },
    );
    scoringWorkers.push(workerId);
  }
  // Bundles' example submissions scored as dry runs, one at a time, as a sandbox user of their own; the creator waits.
  const exampleWorker = await workExampleJobs(
    platform,
    { ...runtime, uid: sandboxUid(config, config.SCORER_CONCURRENCY + 1) },
    { signal: shutdown.signal, running, log },
  );
  // Woken at once when a submission or an example is queued (LISTEN/NOTIFY), not at the next poll.
  const stopWakeup = wakeWorkersOnNotify(
    requireDatabaseUrl(platform.env),
    boss,
    new Map([
      [scoreSubmissionJob.name, scoringWorkers],
      [scoreExampleJob.name, [exampleWorker]],
    ]),
    log,
  );

  // Blind derivations, one at a time per worker, as a sandbox user of their own (the slot after the scoring ones).
  await boss.work(
    deriveBlindReleaseJob.name,
    { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
    async ([job]) => {
      const { derivationId } = deriveBlindReleaseJob.payload.parse(job.data);
      const work = deriveRelease(
        platform,
        { ...runtime, uid: sandboxUid(config, config.SCORER_CONCURRENCY) },
        derivationId,
        { lastAttempt: job.retryCount >= (deriveBlindReleaseJob.queue.retryLimit ?? 0), signal: shutdown.signal },
      );
      running.add(work);
      try {
        log(`[derive] ${derivationId} ${await work}`);
      } finally {
        running.delete(work);
      }
    },
  );

  const stopPeriodic = await startPeriodicJobs(platform, config.SCORER_SWEEP_SECONDS, log);

  return {
    owner,
    metrics,
    queueDepth: () => boss.getQueueSize(scoreSubmissionJob.name).catch(() => null),
    async stop() {
      await stopPeriodic();
      await stopWakeup();
      await boss.offWork(scoreSubmissionJob.name);
      await boss.offWork(deriveBlindReleaseJob.name);
      await boss.offWork(scoreExampleJob.name);
      const settled = Promise.allSettled([...running]);
      const graceOver = new Promise((resolve) =>
        setTimeout(resolve, config.SCORER_SHUTDOWN_GRACE_SECONDS * 1000).unref(),
      );
      if ((await Promise.race([settled.then(() => "done"), graceOver])) !== "done") {
        log("[scorer] grace period over: stopping running jobs and handing them back");
        shutdown.abort();
        await settled;
      }
      await Promise.all(warm.map((w) => w.close()));
      await boss.stop({ graceful: false, wait: true });
    },
  };
}
