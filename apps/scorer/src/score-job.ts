// What the three ways of scoring a submission share (score-submission.ts):
// a prediction file by the built-in scorer, a challenge's own scoring
// program (program/score-with-program.ts), a participant's program run on
// hidden inputs first (code/score-code-submission.ts). Each ends in a
// verdict for scoreSubmission to record, or hands the job back.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Platform } from "@unblind/platform/platform.ts";
import type { ClassifyJob, Verdict } from "./classify-run.ts";
import { integrityFailure } from "./classify-run.ts";
import type { JobDir } from "./job-dir.ts";
import { TRUTH_FILE } from "./job-dir.ts";
import type { PhaseScoring, ScorerJob, ScorerRuntime } from "./run-scorer-cli.ts";
import type { SandboxLimits } from "./sandbox/limits.ts";
import type { WarmScorer } from "./warm-scorer.ts";

export type JobEnd = Verdict | { kind: "released" };

/** One truth file of the job: the phase's, or one task's of a multi-task phase (named by `task`). */
export interface JobTruth {
  task?: string;
  id: string;
  key: string;
  sha256: string;
}

export interface ScoringJob {
  platform: Platform;
  runtime: ScorerRuntime;
  submissionId: string;
  job: JobDir;
  /** The participant's upload, checked against its SHA-256, at SUBMISSION_FILE in the job. */
  submissionPath: string;
  challengeId: string;
  scorer: string;
  scoringConfig: unknown;
  metrics: unknown;
  phase: PhaseScoring & { kind: string; code: unknown };
  truths: JobTruth[];
  limits: SandboxLimits;
  /** What classifyRun needs, for a prediction file (a code run's predictions change the file name). */
  classify: ClassifyJob;
  /** The lease was lost or the worker is shutting down. */
  stop: AbortSignal;
  /** The truth's download, begun with the submission's (a prediction file). */
  truthsReady?: Promise<Verdict | null>;
  /** The slot's scorer sandbox started on `job` before the job was known, for a prediction file that fits it. */
  warm?: WarmScorer;
}

/**
 * Downloads the truth into the job (a folder of one file per task for a
 * multi-task phase), each checked against the SHA-256 recorded when it was
 * stored; a mismatch is the verdict.
 */
export async function downloadTruths(job: ScoringJob): Promise<Verdict | null> {
  const { truths } = job;
  if (truths[0].task) mkdirSync(path.join(job.job.path, TRUTH_FILE));
  for (const truth of truths) {
    const file = truth.task ? path.join(job.job.path, TRUTH_FILE, truth.task) : path.join(job.job.path, TRUTH_FILE);
    const { sha256 } = await job.platform.storage.downloadToFile(truth.key, file);
    if (sha256 !== truth.sha256) return integrityFailure("truth", truth.sha256, sha256);
  }
  return null;
}

/** The built-in scorer's job for this submission, on its directory. */
export function scorerJob(s: ScoringJob): ScorerJob {
  return {
    dir: s.job.path,
    challenge: s.scorer,
    config: s.scoringConfig,
    phase: s.phase,
    limits: s.limits,
    signal: s.stop,
  };
}
