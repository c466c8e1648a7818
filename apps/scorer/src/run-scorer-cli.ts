// Runs the bundled command-line scorer on one job directory inside the
// sandbox, and reads back only its JSON.
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isHdf5 } from "@unblind/scoring/parse/pandas-hdf5.ts";
import { readHead } from "@unblind/scoring/parse/read-head.ts";
import { JOB_MOUNT } from "./sandbox/bwrap-args.ts";
import type { SandboxLimits } from "./sandbox/limits.ts";
import { runSandboxed, type SandboxMode, type SandboxResult } from "./sandbox/run-sandboxed.ts";
import { SUBMISSION_FILE, TRUTH_FILE } from "./job-dir.ts";
import type { ScorerBundle } from "./scorer-bundle.ts";

export interface ScorerRuntime {
  bundle: ScorerBundle;
  mode: SandboxMode;
  /** The sandbox's own user, when the worker runs as root. */
  uid?: number;
}

/**
 * WebAssembly (h5wasm reads HDF5) reserves ~10 GiB of address space for one
 * memory up front, so a job with an HDF5 input gets that much more address
 * space; V8's heap limit and h5wasm's own memory cap still bound it.
 */
export const WASM_RESERVATION_MB = 12 * 1024;

/** How a phase wants its scores: its hidden split and its shared bootstrap resamples. */
export interface PhaseScoring {
  publicFraction: number | null;
  splitKey: string;
  bootstrapResamples: number;
}

/**
 * The scorer's options for a phase. The bootstrap seed is derived from the
 * phase's key, so every submission of the phase gets the same resamples
 * (paired-replicates.ts); the key itself reaches only the sandbox.
 */
export function phaseArgs(phase: PhaseScoring): string[] {
  const seed = createHash("sha256").update(`bootstrap:${phase.splitKey}`).digest().readUInt32LE(0);
  return [
    ...(phase.bootstrapResamples > 0 ? ["--replicates", String(phase.bootstrapResamples), "--seed", String(seed)] : []),
    ...(phase.publicFraction !== null
      ? ["--split-key", phase.splitKey, "--public-fraction", String(phase.publicFraction)]
      : []),
  ];
}

/** The job's truth file, or each task's truth in the truth folder. */
function truthFiles(dir: string): string[] {
  const truth = path.join(dir, TRUTH_FILE);
  return statSync(truth).isDirectory() ? readdirSync(truth).map((name) => path.join(truth, name)) : [truth];
}

export async function runScorerCli(
  runtime: ScorerRuntime,
  job: {
    dir: string;
    challenge: string;
    config?: unknown;
    phase: PhaseScoring;
    limits: SandboxLimits;
    signal?: AbortSignal;
    /**
     * Started ahead of the submission (a code run's predictions, CSV, still
     * being written; the truth is in place): the scorer loads, then reads the
     * files once this settles true (run-sandboxed.ts).
     */
    startWhen?: Promise<boolean>;
  },
): Promise<SandboxResult> {
  const inside = runtime.mode === "bwrap" ? JOB_MOUNT : job.dir;
  // V8's heap stays under the address-space limit, so a big input ends in a
  // clean out-of-memory rather than a failed reservation.
  const heapMB = Math.max(256, Math.floor(job.limits.memoryMB * 0.6));
  let hdf5 = false;
  const inputs = truthFiles(job.dir);
  if (!job.startWhen) inputs.push(path.join(job.dir, SUBMISSION_FILE));
  for (const file of inputs) hdf5 ||= isHdf5(await readHead(file, 8));
  return runSandboxed({
    mode: runtime.mode,
    uid: runtime.uid,
    readOnly: [runtime.bundle.dir, ...runtime.bundle.nativeDirs],
    jobDir: job.dir,
    limits: job.limits,
    addressSpaceMB: job.limits.memoryMB + (hdf5 ? WASM_RESERVATION_MB : 0),
    signal: job.signal,
    startWhen: job.startWhen,
    command: [
      process.execPath,
      `--max-old-space-size=${heapMB}`,
      runtime.bundle.cli,
      "--challenge",
      job.challenge,
      "--truth",
      path.join(inside, TRUTH_FILE),
      "--submission",
      path.join(inside, SUBMISSION_FILE),
      ...phaseArgs(job.phase),
      ...(job.startWhen ? ["--wait-for-start"] : []),
      ...(job.config === null || job.config === undefined ? [] : ["--config", JSON.stringify(job.config)]),
    ],
  });
}
