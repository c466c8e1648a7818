// How a run of participant code ended, in the plain classes participants
// see: time limit, memory limit, exception, missing output, invalid output
// (and the rarer output and process limits, or no usable program).
import type { SandboxLimits } from "../sandbox/limits.ts";
import type { SandboxResult } from "../sandbox/run-sandboxed.ts";

export type RunOutcome =
  | "ok"
  | "time-limit"
  | "memory-limit"
  | "output-limit"
  | "process-limit"
  | "no-program"
  | "exception"
  | "invalid-output"
  | "missing-output"
  | "stopped"
  /** The phase's inputs could not be read: not the participant's doing (an internal failure). */
  | "inputs-unreadable";

/** The harness's exit codes (unblind_ingest.py). */
const NO_PROGRAM = 10;
const EXCEPTION = 11;
const BAD_OUTPUT = 12;
const BAD_INPUTS = 13;
/** A header line at most: nothing predicted. */
const EMPTY_OUTPUT_BYTES = 64;

export function outcomeOf(run: SandboxResult, predictionBytes: number): { outcome: RunOutcome; reason: string } {
  const reason = /^unblind: (.*)$/m.exec(run.stderr)?.[1]?.slice(0, 300) ?? "";
  if (run.limit === "aborted") return { outcome: "stopped", reason };
  if (run.limit === "wall" || run.limit === "cpu") return { outcome: "time-limit", reason };
  if (run.limit === "memory") return { outcome: "memory-limit", reason };
  if (run.limit === "output") return { outcome: "output-limit", reason };
  if (run.limit === "processes") return { outcome: "process-limit", reason };
  if (run.exitCode === 0)
    return predictionBytes > EMPTY_OUTPUT_BYTES
      ? { outcome: "ok", reason }
      : { outcome: "missing-output", reason: "no predictions were written" };
  if (run.exitCode === NO_PROGRAM) return { outcome: "no-program", reason };
  if (run.exitCode === BAD_OUTPUT) return { outcome: "invalid-output", reason };
  if (run.exitCode === BAD_INPUTS) return { outcome: "inputs-unreadable", reason };
  // Python reports an allocation beyond RLIMIT_AS as a MemoryError.
  if (/\bMemoryError\b/.test(run.stderr)) return { outcome: "memory-limit", reason };
  if (run.exitCode === EXCEPTION) return { outcome: "exception", reason };
  // Killed by a signal or an exit of its own (os._exit, a crash in native code).
  return {
    outcome: "exception",
    reason: run.signal ? `the program was killed by ${run.signal}` : `the program exited with code ${run.exitCode}`,
  };
}

/** The outcome in a sentence for the participant ("Your program …"). */
export function outcomeText(
  outcome: Exclude<RunOutcome, "ok" | "stopped" | "inputs-unreadable">,
  limits: SandboxLimits,
): string {
  return {
    "time-limit": `ran longer than the time limit (${limits.wallSeconds} s of wall time, ${limits.cpuSeconds} s of CPU time)`,
    "memory-limit": `needed more memory than the limit of ${limits.memoryMB} MB`,
    "output-limit": "printed or wrote more than the output limit",
    "process-limit": `started more processes or threads than the limit of ${limits.processes}`,
    "no-program": "is not a program the platform can run",
    exception: "stopped with an exception",
    "invalid-output": "returned predictions that are not what the challenge's interface needs",
    "missing-output": "wrote no predictions",
  }[outcome];
}
