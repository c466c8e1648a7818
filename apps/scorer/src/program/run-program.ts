// Runs an organizer's scoring program (challenges/program-config.ts) in the
// same sandbox as the built-in scorers: the truth, the submission and the
// program read-only, an output folder it may write, no network, the
// challenge's limits. Called as
//   <python3|node> /job/program/<file> /job/truth /job/submission /job/output
import path from "node:path";
import type { ProgramConfig } from "@unblind/scoring/challenges/program-config.ts";
import { OUTPUT_DIR, PROGRAM_DIR, SUBMISSION_FILE, TRUTH_FILE } from "../job-dir.ts";
import type { ScorerRuntime } from "../run-scorer-cli.ts";
import { JOB_MOUNT } from "../sandbox/bwrap-args.ts";
import type { SandboxLimits } from "../sandbox/limits.ts";
import { runSandboxed, type SandboxResult } from "../sandbox/run-sandboxed.ts";

export async function runProgram(
  runtime: ScorerRuntime,
  job: { dir: string; config: ProgramConfig; limits: SandboxLimits; signal?: AbortSignal },
): Promise<SandboxResult> {
  const inside = runtime.mode === "bwrap" ? JOB_MOUNT : job.dir;
  const interpreter = job.config.runtime === "python3" ? ["/usr/bin/python3", "-I"] : [process.execPath];
  return runSandboxed({
    mode: runtime.mode,
    uid: runtime.uid,
    readOnly: [],
    jobDir: job.dir,
    writableDirs: [OUTPUT_DIR],
    // Python's libraries may write caches: a private scratch space, not the job's folder.
    scratchMB: 256,
    limits: job.limits,
    signal: job.signal,
    command: [
      ...interpreter,
      path.join(inside, PROGRAM_DIR, job.config.program),
      path.join(inside, TRUTH_FILE),
      path.join(inside, SUBMISSION_FILE),
      path.join(inside, OUTPUT_DIR),
    ],
  });
}
