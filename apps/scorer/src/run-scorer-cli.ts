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

export interface ScorerJob {
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
}

/** The scorer's arguments for a job, with paths as the sandbox sees them. */
export function scorerArgs(runtime: ScorerRuntime, job: Omit<ScorerJob, "limits">): string[] {
  const inside = runtime.mode === "bwrap" ? JOB_MOUNT : job.dir;
  return [
    "--challenge",
    job.challenge,
    "--truth",
    path.join(inside, TRUTH_FILE),
    "--submission",
    path.join(inside, SUBMISSION_FILE),
    ...phaseArgs(job.phase),
    ...(job.config === null || job.config === undefined ? [] : ["--config", JSON.stringify(job.config)]),
  ];
}

/** Node's own flags for a scorer under these limits: V8's heap stays under the address-space limit. */
export function nodeFlags(limits: SandboxLimits): string[] {
  // A big input then ends in a clean out-of-memory rather than a failed reservation.
  return [`--max-old-space-size=${Math.max(256, Math.floor(limits.memoryMB * 0.6))}`];
}

/** Whether any of the job's inputs is HDF5 (its address space then makes room for WebAssembly). */
export async function readsHdf5(dir: string, submission = true): Promise<boolean> {
  const inputs = truthFiles(dir);
  if (submission) inputs.push(path.join(dir, SUBMISSION_FILE));
  for (const file of inputs) if (isHdf5(await readHead(file, 8))) return true;
  return false;
}

export async function runScorerCli(runtime: ScorerRuntime, job: ScorerJob): Promise<SandboxResult> {
  const hdf5 = await readsHdf5(job.dir, !job.startWhen);
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
      ...nodeFlags(job.limits),
      runtime.bundle.cli,
      ...scorerArgs(runtime, job),
      ...(job.startWhen ? ["--wait-for-start"] : []),
    ],
  });
}
