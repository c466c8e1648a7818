// The dry run of a bundle's example submission (jobs/definitions/score-example.ts):
// the example and its truth, checked against the SHA-256 the platform
// recorded, in a job directory of their own, scored by the same CLI in the
// same sandbox as a participant's file, and read back through the same
// classification (classify-run.ts). The directory is always removed.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Platform } from "@unblind/platform/platform.ts";
import {
  type ScoreExampleOutput,
  type ScoreExamplePayload,
  scoreExampleJob,
} from "@unblind/platform/jobs/definitions/score-example.ts";
import { classifyRun } from "./classify-run.ts";
import { createJobDir, SUBMISSION_FILE, TRUTH_FILE } from "./job-dir.ts";
import { runScorerCli, type ScorerRuntime } from "./run-scorer-cli.ts";
import { limitsFor } from "./sandbox/limits.ts";

export async function scoreExample(
  platform: Platform,
  runtime: ScorerRuntime,
  payload: ScoreExamplePayload,
  signal?: AbortSignal,
): Promise<ScoreExampleOutput> {
  const job = createJobDir(runtime.uid);
  try {
    const fetch = async (file: { key: string; sha256: string }, to: string) => {
      const { sha256 } = await platform.storage.downloadToFile(file.key, to);
      if (sha256 !== file.sha256) throw new Error(`${file.key} changed in storage since it was stored`);
    };
    await fetch(payload.submission, path.join(job.path, SUBMISSION_FILE));
    if (payload.truths[0].task !== null) mkdirSync(path.join(job.path, TRUTH_FILE));
    for (const t of payload.truths)
      await fetch(t, t.task === null ? path.join(job.path, TRUTH_FILE) : path.join(job.path, TRUTH_FILE, t.task));
    job.seal();
    const limits = limitsFor(null);
    const run = await runScorerCli(runtime, {
      dir: job.path,
      challenge: payload.scorer,
      config: payload.config,
      phase: { publicFraction: null, splitKey: "dry-run", bootstrapResamples: 0 },
      limits,
      signal,
    });
    const verdict = classifyRun(run, {
      scorer: payload.scorer,
      limits,
      fileName: payload.submission.name,
      scorerVersion: runtime.bundle.version,
      truthSha256: payload.truths[0].sha256,
      truthFileId: "dry-run",
      primaryMetric: "",
      scoreDigits: null,
    });
    if (verdict.kind === "retry") return { failed: verdict.details.slice(0, 2000) };
    const { data } = verdict;
    if (verdict.status === "SCORED") return { scores: data.scores as Record<string, unknown> };
    if (verdict.status === "INVALID")
      return {
        error: {
          message: String(data.errorMessage),
          line: (data.errorLine as number | null | undefined) ?? null,
          column: (data.errorColumn as number | null | undefined) ?? null,
        },
      };
    return { failed: String(data.errorMessage) };
  } finally {
    job.remove();
  }
}

/**
 * Takes score-example jobs, one at a time, and returns each run's output as
 * the job's (the creator's request waits for it). Returns the pg-boss worker
 * id, for wake-ups; `running` tracks the run for a graceful stop.
 */
export async function workExampleJobs(
  platform: Platform,
  runtime: ScorerRuntime,
  {
    signal,
    running = new Set(),
    log = () => {},
  }: { signal?: AbortSignal; running?: Set<Promise<unknown>>; log?: (line: string) => void } = {},
): Promise<string> {
  const boss = await platform.queue();
  return boss.work(scoreExampleJob.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    const work = scoreExample(platform, runtime, scoreExampleJob.payload.parse(job.data), signal);
    running.add(work);
    try {
      const output = await work;
      log(`[example] ${job.id} ${Object.keys(output)[0]}`);
      return output;
    } finally {
      running.delete(work);
    }
  });
}
