// What an organizer's scoring program's run means for the submission. Its
// contract is the built-in CLI's: exit 0 with output/scores.json holding
// exactly the metrics the challenge declares (each a number or null); exit 2
// with a located message (JSON {"error": {message, line, column}} or a line
// "LINE:COLUMN: message" on stdout) for an invalid submission; anything else
// FAILED, its stderr for organizers only. A program's failure is final: it
// is deterministic, so retrying would only repeat it.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type ClassifyJob, classifyRun, type Verdict } from "../classify-run.ts";
import { OUTPUT_DIR } from "../job-dir.ts";
import type { SandboxResult } from "../sandbox/run-sandboxed.ts";

export const SCORES_FILE = "scores.json";
export const DETAIL_FILE = "detailed.html";
const MAX_SCORES_BYTES = 1024 * 1024;
export const MAX_DETAIL_BYTES = 5 * 1024 * 1024;

export const PROGRAM_FAILURE_MESSAGE =
  "The challenge's scoring program failed on this file. The organizers can see why and may re-score it.";

type FinalVerdict = Extract<Verdict, { kind: "final" }>;

function programFailure(details: string, job: ClassifyJob): FinalVerdict {
  return {
    kind: "final",
    status: "FAILED",
    data: {
      errorMessage: PROGRAM_FAILURE_MESSAGE,
      internalError: details,
      scorerVersion: job.scorerVersion,
      countsAgainstLimit: true,
    },
    audit: { reason: "scoring program failed", scorerVersion: job.scorerVersion },
  };
}

/** scores.json checked against the declared metrics: every key present, none other, each a finite number or null. */
export function readProgramScores(dir: string, metricKeys: readonly string[]): Record<string, number | null> | string {
  const file = path.join(dir, OUTPUT_DIR, SCORES_FILE);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) return `the program exited 0 without writing ${SCORES_FILE}`;
  if (stat.size > MAX_SCORES_BYTES) return `${SCORES_FILE} has ${stat.size} bytes (at most ${MAX_SCORES_BYTES})`;
  let scores: unknown;
  try {
    scores = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return `${SCORES_FILE} is not JSON: ${(error as Error).message}`;
  }
  if (typeof scores !== "object" || scores === null || Array.isArray(scores))
    return `${SCORES_FILE} must hold one object of metric values`;
  const problems: string[] = [];
  for (const key of metricKeys) if (!(key in scores)) problems.push(`missing the declared metric "${key}"`);
  for (const [key, value] of Object.entries(scores)) {
    if (!metricKeys.includes(key)) problems.push(`"${key}" is not a declared metric (${metricKeys.join(", ")})`);
    else if (value !== null && (typeof value !== "number" || !Number.isFinite(value)))
      problems.push(`"${key}" must be a number or null, not ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return problems.length ? `${SCORES_FILE}: ${problems.join("; ")}` : (scores as Record<string, number | null>);
}

/** A located message from an exit 2: the CLI's JSON, or "LINE:COLUMN: message" / "LINE: message" / plain text. */
export function programError(stdout: string): { message: string; line?: number; column?: number } | null {
  const text = stdout.trim();
  if (!text) return null;
  try {
    const { error } = JSON.parse(text) as { error?: { message?: unknown; line?: unknown; column?: unknown } };
    if (typeof error?.message === "string")
      return {
        message: error.message,
        ...(Number.isInteger(error.line) ? { line: error.line as number } : {}),
        ...(Number.isInteger(error.column) ? { column: error.column as number } : {}),
      };
  } catch {
    // plain text
  }
  const first = text.split("\n", 1)[0];
  const m = /^(\d+)(?::(\d+))?: ?(.+)$/.exec(first);
  return m ? { message: m[3], line: Number(m[1]), ...(m[2] ? { column: Number(m[2]) } : {}) } : { message: first };
}

export function classifyProgramRun(
  run: SandboxResult,
  job: ClassifyJob & { dir: string; metricKeys: readonly string[] },
): FinalVerdict {
  if (run.limit && run.limit !== "aborted") {
    const verdict = classifyRun(run, job);
    if (verdict.kind === "final") return verdict;
  }
  if (run.exitCode === 0 && !run.limit) {
    const scores = readProgramScores(job.dir, job.metricKeys);
    if (typeof scores === "string") return programFailure(`${scores}\n${run.stderr}`, job);
    const verdict = classifyRun({ ...run, stdout: JSON.stringify(scores) }, job);
    return verdict.kind === "final" ? verdict : programFailure(verdict.details, job);
  }
  if (run.exitCode === 2 && !run.limit) {
    const error = programError(run.stdout);
    if (!error) return programFailure(`the program exited 2 without a message on stdout\n${run.stderr}`, job);
    // The program may read the truth to word its message: it is never a free probe.
    const verdict = classifyRun({ ...run, stdout: JSON.stringify({ error: { ...error, hiddenData: true } }) }, job);
    return verdict.kind === "final" ? verdict : programFailure(verdict.details, job);
  }
  const how = run.signal ? `killed by ${run.signal}` : `exit code ${run.exitCode}`;
  return programFailure(`the scoring program ended with ${how}\n${run.stderr}`, job);
}
