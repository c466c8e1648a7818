// What a sandboxed scorer run means for the submission, in plain words for
// the participant and with the details kept for organizers (internalError).
// Only the parsed metrics are kept from the scorer's output; its stderr
// reaches organizers alone, and nothing of the job's files is echoed.
import type { Prisma } from "@unblind/platform/db/generated/client.ts";
import { roundScores } from "@unblind/platform/leaderboard/round-scores.ts";
import { parseScores } from "@unblind/platform/scorers/registry.ts";
import type { SandboxLimits } from "./sandbox/limits.ts";
import type { LimitHit, SandboxResult } from "./sandbox/run-sandboxed.ts";
import { SUBMISSION_FILE } from "./job-dir.ts";

export type Verdict =
  | {
      kind: "final";
      status: "SCORED" | "INVALID" | "FAILED";
      data: Prisma.SubmissionUncheckedUpdateManyInput;
      audit: Prisma.InputJsonValue;
      /** The audit action when it is not `submission.<status>`. */
      action?: string;
      privateScore?: SealedScore;
    }
  | { kind: "retry"; details: string };

export const INTERNAL_FAILURE_MESSAGE =
  "Scoring failed because of an internal error. The organizers can see the details and may re-score it.";
const MAX_MESSAGE = 1000;

/** The scores on a split phase's private units, stored sealed (PrivateScore). */
export interface SealedScore {
  scores: Prisma.InputJsonValue;
  curves?: Prisma.InputJsonValue;
  replicates?: Uint8Array<ArrayBuffer>;
}

/** What the stored result keeps of the scorer's output besides the numbers. */
interface ScorerOutput {
  curves?: unknown;
  replicates?: Record<string, string>;
  private?: ScorerOutput & Record<string, unknown>;
  scorerVersion?: string;
  [metric: string]: unknown;
}

/** The primary metric's replicates as stored (bytea); the others are not kept. */
function primaryReplicates(
  replicates: Record<string, string> | undefined,
  primaryMetric: string,
): Uint8Array<ArrayBuffer> | undefined {
  const text = replicates?.[primaryMetric];
  return typeof text === "string" ? new Uint8Array(Buffer.from(text, "base64")) : undefined;
}

export function internalFailure(details: string): Extract<Verdict, { kind: "final" }> {
  return {
    kind: "final",
    status: "FAILED",
    data: { errorMessage: INTERNAL_FAILURE_MESSAGE, internalError: details, countsAgainstLimit: true },
    audit: { reason: "internal error" },
  };
}

/**
 * A stored object whose bytes no longer match the SHA-256 recorded when it
 * was stored: not scored, never retried (the bytes will not heal), and
 * audited as `submission.integrity_failure` so that organizers see it. The
 * participant is told plainly; a truth file's checksums stay with organizers.
 */
export function integrityFailure(
  what: "submission" | "truth",
  recorded: string,
  found: string,
): Extract<Verdict, { kind: "final" }> {
  const errorMessage =
    what === "submission"
      ? "The stored copy of your file no longer matches the file you uploaded (its SHA-256 differs), so it was not scored. The organizers have been alerted; please submit the file again."
      : INTERNAL_FAILURE_MESSAGE;
  const details = `the ${what} file's SHA-256 is ${found}, not the recorded ${recorded}: refusing to score with it`;
  // Not the participant's doing: it costs no try.
  return {
    kind: "final",
    status: "FAILED",
    data: { errorMessage, internalError: details, countsAgainstLimit: false },
    audit: { reason: "integrity failure", file: what, recorded, found },
    action: "submission.integrity_failure",
  };
}

export interface ClassifyJob {
  /** The scorer that ran (scorers/registry.ts). */
  scorer: string;
  limits: SandboxLimits;
  fileName: string;
  scorerVersion: string;
  truthSha256: string;
  truthFileId: string;
  primaryMetric: string;
  /** Decimal places of the stored public scores (null: exact). */
  scoreDigits: number | null;
}

/**
 * The scalar metrics apart from the per-unit details. Per-unit results
 * (TrackML's per-event scores) go with the curves: like a ROC curve they
 * read out the hidden truth unit by unit (and which units are public), so
 * they are shown only once the phase's results are released
 * (results-release.ts), while the scalar scores are shown at once.
 */
function separateDetails(output: ScorerOutput): {
  scores: Record<string, unknown>;
  curves: object | undefined;
  replicates: Record<string, string> | undefined;
} {
  const { curves, replicates, events, ...scores } = output;
  const details = { ...(curves as object | undefined), ...(events === undefined ? {} : { events }) };
  return { scores, curves: Object.keys(details).length ? details : undefined, replicates };
}

export function classifyRun(run: SandboxResult, job: ClassifyJob): Verdict {
  if (run.exitCode === 0 && !run.limit) {
    let parsed: ScorerOutput;
    try {
      parsed = JSON.parse(run.stdout) as ScorerOutput;
    } catch {
      return { kind: "retry", details: `the scorer exited 0 but its output is not JSON (${run.stdout.length} bytes)` };
    }
    const { private: sealed, scorerVersion: _cliVersion, ...publicOutput } = parsed;
    const { scores, curves, replicates } = separateDetails(publicOutput);
    // The one place where scores enter the platform: checked against the scorer's schema (scorers/registry.ts).
    for (const side of [scores, ...(sealed ? [separateDetails(sealed).scores] : [])]) {
      const checked = parseScores(job.scorer, side);
      if (!checked.ok)
        return {
          kind: "retry",
          details: `the ${job.scorer} scorer's output does not match its schema: ${checked.problem}`,
        };
    }
    let privateScore: SealedScore | undefined;
    if (sealed) {
      const { scores: privateScores, curves: privateCurves, replicates: privateReplicates } = separateDetails(sealed);
      privateScore = {
        scores: privateScores as Prisma.InputJsonValue,
        curves: privateCurves as Prisma.InputJsonValue | undefined,
        replicates: primaryReplicates(privateReplicates, job.primaryMetric),
      };
    }
    return {
      kind: "final",
      status: "SCORED",
      privateScore,
      data: {
        scores: roundScores(scores, job.scoreDigits) as Prisma.InputJsonValue,
        curves: curves as Prisma.InputJsonValue | undefined,
        replicates: primaryReplicates(replicates, job.primaryMetric) ?? null,
        scorerVersion: job.scorerVersion,
        truthSha256: job.truthSha256,
        truthFileId: job.truthFileId,
        errorMessage: null,
        errorLine: null,
        errorColumn: null,
        internalError: null,
        countsAgainstLimit: true,
      },
      audit: { scorerVersion: job.scorerVersion, truthSha256: job.truthSha256, ms: Math.round(run.durationMs) },
    };
  }
  if (run.exitCode === 2 && !run.limit) {
    const error = participantError(run.stdout, job.fileName);
    if (!error) return { kind: "retry", details: `the scorer exited 2 without a readable error\n${run.stderr}` };
    return {
      kind: "final",
      status: "INVALID",
      data: {
        errorMessage: error.message,
        errorLine: error.line,
        errorColumn: error.column,
        scorerVersion: job.scorerVersion,
        truthSha256: job.truthSha256,
        truthFileId: job.truthFileId,
        // Free only when the file alone was at fault; an outcome on hidden data is never a free probe.
        countsAgainstLimit: error.hiddenData,
      },
      audit: { line: error.line, column: error.column, hiddenData: error.hiddenData },
    };
  }
  if (run.limit && run.limit !== "aborted") {
    return {
      kind: "final",
      status: "FAILED",
      data: {
        errorMessage: limitMessage(run.limit, job.limits),
        internalError: `${run.limit} limit after ${Math.round(run.durationMs)} ms\n${run.stderr}`,
        scorerVersion: job.scorerVersion,
        countsAgainstLimit: true,
      },
      audit: { reason: `${run.limit} limit` },
    };
  }
  const how = run.signal ? `killed by ${run.signal}` : `exit code ${run.exitCode}`;
  return { kind: "retry", details: `the scorer crashed (${how})\n${run.stderr}` };
}

function limitMessage(limit: Exclude<LimitHit, "aborted">, limits: SandboxLimits): string {
  const what = {
    wall: `it took longer than the time limit of ${limits.wallSeconds} s`,
    cpu: `it used more than the CPU-time limit of ${limits.cpuSeconds} s`,
    memory: `it needed more memory than the limit of ${limits.memoryMB} MB`,
    output: `it produced more output than the limit of ${limits.outputMB} MB`,
    processes: `it tried to start more processes than the limit of ${limits.processes}`,
  }[limit];
  return `Scoring was stopped: ${what}. If your file is unusually large, check it against the format; otherwise tell the organizers.`;
}

/** The located error the scorer printed for an invalid submission, named by the participant's file. */
function participantError(
  stdout: string,
  fileName: string,
): { message: string; line: number | null; column: number | null; hiddenData: boolean } | null {
  try {
    const { error } = JSON.parse(stdout) as {
      error: { message: string; line?: number | null; column?: number | null; file?: string; hiddenData?: boolean };
    };
    if (typeof error?.message !== "string") return null;
    const file = error.file === SUBMISSION_FILE || !error.file ? fileName : error.file;
    const where = [error.line ? `line ${error.line}` : "", error.column ? `column ${error.column}` : ""]
      .filter(Boolean)
      .join(", ");
    const message = `${file}${where ? ` (${where})` : ""}: ${error.message}`.slice(0, MAX_MESSAGE);
    return { message, line: error.line ?? null, column: error.column ?? null, hiddenData: error.hiddenData === true };
  } catch {
    return null;
  }
}
