// One run of a participant's program in the ingestion sandbox (the harness
// scoring/ingestion/unblind_ingest.py): the program and the inputs are the
// only files it sees (no truth exists in this sandbox), there is no network,
// the phase's CPU, memory and wall-time limits hold, and it is pinned to one
// core and measured from outside (sandbox/measure.py). Its predictions stream
// from its standard output into a file outside the sandbox; its log (what
// the program prints) is kept, capped.
import { copyFileSync, statSync } from "node:fs";
import path from "node:path";
import type { CodePhaseSettings } from "@unblind/scoring/ingestion/code-phase-config.ts";
import { createJobDir, INPUTS_FILE, SUBMISSION_FILE, TRAINING_FILE } from "../job-dir.ts";
import { type ScorerRuntime, WASM_RESERVATION_MB } from "../run-scorer-cli.ts";
import { JOB_MOUNT } from "../sandbox/bwrap-args.ts";
import type { SandboxLimits } from "../sandbox/limits.ts";
import { type RunUsage, runSandboxed } from "../sandbox/run-sandboxed.ts";
import { type RunOutcome, outcomeOf } from "./run-outcome.ts";

export interface IngestionInputs {
  /** The participant's program as uploaded (model.py, an archive, a model file). */
  submission: string;
  /** An ONNX model (a table phase that takes them): run by the Node harness with onnxruntime. */
  onnx?: boolean;
  /** The inputs file, as stored. */
  inputs: string;
  /** The training file passed to Model.fit, when the phase has one. */
  training?: string;
}

export interface IngestionRun {
  outcome: RunOutcome;
  /** The harness's one-line reason for an outcome other than "ok" (about the participant's program). */
  reason: string;
  /** The last 64 KiB of what the program printed. */
  log: string;
  usage?: RunUsage;
  /** Where the predictions were written (outside any sandbox); removed with `remove()`. */
  predictions: string;
  remove(): void;
}

/** Scratch space (/tmp) of a code run: where an archive is unpacked and the program may write. */
const SCRATCH_MB = 1024;
/** Most log a run may print before it is stopped (the predictions may be larger: limits.outputMB). */
const LOG_MB = 16;

export async function runIngestion(
  runtime: ScorerRuntime,
  files: IngestionInputs,
  settings: CodePhaseSettings,
  limits: SandboxLimits,
  signal?: AbortSignal,
  /** Started ahead: the sandbox is set up now, the program started when this settles true (run-sandboxed.ts). */
  startWhen?: Promise<boolean>,
): Promise<IngestionRun> {
  const job = createJobDir(runtime.uid);
  const predictions = path.join(job.outside, "predictions.csv");
  try {
    copyFileSync(files.submission, path.join(job.path, SUBMISSION_FILE));
    copyFileSync(files.inputs, path.join(job.path, INPUTS_FILE));
    if (files.training) copyFileSync(files.training, path.join(job.path, TRAINING_FILE));
    job.seal();
    const inside = runtime.mode === "bwrap" ? JOB_MOUNT : job.path;
    const inputs = [
      "--submission",
      path.join(inside, SUBMISSION_FILE),
      "--inputs",
      path.join(inside, INPUTS_FILE),
      ...(settings.drop?.length ? ["--drop", settings.drop.join(",")] : []),
      "--id-column",
      settings.idColumn,
    ];
    const command = files.onnx
      ? [
          process.execPath,
          `--max-old-space-size=${Math.max(256, Math.floor(limits.memoryMB * 0.6))}`,
          path.join(runtime.bundle.dir, "ingest-onnx.mjs"),
          ...inputs,
          ...(settings.features ? ["--features", settings.features] : []),
        ]
      : [
          "/usr/bin/python3",
          "-I",
          path.join(runtime.bundle.dir, "ingestion", "unblind_ingest.py"),
          "--interface",
          settings.interface,
          ...inputs,
          ...(files.training ? ["--train", path.join(inside, TRAINING_FILE)] : []),
        ];
    const result = await runSandboxed({
      mode: runtime.mode,
      uid: runtime.uid,
      // The ONNX harness is Node with onnxruntime: the bundle and its native packages.
      readOnly: files.onnx
        ? [runtime.bundle.dir, ...runtime.bundle.nativeDirs]
        : [path.join(runtime.bundle.dir, "ingestion")],
      jobDir: job.path,
      limits,
      // h5wasm reserves its WebAssembly memory up front (run-scorer-cli.ts).
      ...(files.onnx ? { addressSpaceMB: limits.memoryMB + WASM_RESERVATION_MB } : {}),
      scratchMB: SCRATCH_MB,
      logMB: LOG_MB,
      stdoutFile: predictions,
      measure: { cpu: -1, script: path.join(runtime.bundle.dir, "ingestion", "measure.py") },
      signal,
      startWhen,
      command,
    });
    const written = statSync(predictions, { throwIfNoEntry: false })?.size ?? 0;
    let { outcome, reason } = outcomeOf(result, written);
    // The launcher measures every finished run; a run without its report was not measured, so it is not scored.
    if (outcome === "ok" && !result.usage) {
      outcome = "exception";
      reason = "the run ended without its measurement (its launcher was stopped)";
    }
    return {
      outcome,
      reason,
      log: result.stderr,
      usage: result.usage,
      predictions,
      remove: () => job.remove(),
    };
  } catch (error) {
    job.remove();
    throw error;
  }
}
