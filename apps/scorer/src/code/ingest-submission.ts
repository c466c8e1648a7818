// A code submission's ingestion: the participant's program run first on the
// phase's public sample inputs (its log is the participant's to read), then
// on the hidden inputs (its log goes to organizers only: it could print
// them), each in its own ingestion sandbox with no truth in it. What comes
// out is either a final verdict in plain classes or the predictions, with
// the run as measured, for the scoring job.
import path from "node:path";
import type { Platform } from "@unblind/platform/platform.ts";
import { liveChallengeFiles } from "@unblind/platform/datasets/live-challenge-files.ts";
import { CODE_LIMIT_DEFAULTS, type CodePhaseSettings } from "@unblind/scoring/ingestion/code-phase-config.ts";
import { integrityFailure, internalFailure, type Verdict } from "../classify-run.ts";
import type { ScorerRuntime } from "../run-scorer-cli.ts";
import type { SandboxLimits } from "../sandbox/limits.ts";
import type { RunUsage } from "../sandbox/run-sandboxed.ts";
import { type IngestionRun, runIngestion } from "./run-ingestion.ts";
import { outcomeText, type RunOutcome } from "./run-outcome.ts";

type FinalVerdict = Extract<Verdict, { kind: "final" }>;

/** What the participant sees of the runs (Submission.run); never the hidden run's log. */
export interface CodeRunReport {
  interface: CodePhaseSettings["interface"];
  sample?: { outcome: RunOutcome; reason?: string; log: string; wallSeconds?: number };
  hidden?: {
    outcome: RunOutcome;
    wallSeconds?: number;
    cpuSeconds?: number;
    peakMemoryMB?: number;
    /** Filled in once the predictions are scored (count-units.ts). */
    units?: number;
    limits: Pick<SandboxLimits, "wallSeconds" | "cpuSeconds" | "memoryMB">;
  };
}

export type Ingested =
  | { kind: "verdict"; verdict: FinalVerdict }
  /** The worker stopped mid-run (lease lost, shutting down): the job goes back like any interrupted one. */
  | { kind: "stopped" }
  | { kind: "predictions"; file: string; usage: RunUsage; report: CodeRunReport; organizerLog: string; remove(): void };

/** Predictions can be large (a TrackML test set is ~300 MB of CSV): their cap, beside the phase's limits. */
const PREDICTIONS_MB = 4096;

/** A code phase's limits for one run: its own within the platform's maxima (checked when the bundle is read). */
export function codeLimits(settings: CodePhaseSettings, base: SandboxLimits): SandboxLimits {
  return {
    ...base,
    wallSeconds: settings.limits?.wallSeconds ?? CODE_LIMIT_DEFAULTS.wallSeconds,
    cpuSeconds: settings.limits?.cpuSeconds ?? CODE_LIMIT_DEFAULTS.cpuSeconds,
    memoryMB: settings.limits?.memoryMB ?? CODE_LIMIT_DEFAULTS.memoryMB,
    outputMB: Math.max(base.outputMB, PREDICTIONS_MB),
  };
}

export async function ingestSubmission(
  ctx: { platform: Platform; runtime: ScorerRuntime },
  job: {
    challengeId: string;
    settings: CodePhaseSettings;
    /** The participant's upload, already checked against its SHA-256. */
    submission: string;
    /** Its name as uploaded: a .onnx model goes to the ONNX harness when the phase takes them. */
    fileName: string;
    /** A private folder of the worker for the inputs. */
    workDir: string;
    limits: SandboxLimits;
    scorerVersion: string;
    signal?: AbortSignal;
  },
): Promise<Ingested> {
  const { settings } = job;
  const names = [settings.inputs, settings.sampleInputs, settings.training].filter((n): n is string => !!n);
  const local = new Map<string, string>();
  try {
    const files = [...(await liveChallengeFiles(ctx.platform.db, job.challengeId, names))];
    const got = await Promise.all(
      files.map(([, file], i) => ctx.platform.storage.downloadToFile(file.key, path.join(job.workDir, `input-${i}`))),
    );
    for (const [i, [name, file]] of files.entries()) {
      if (got[i].sha256 !== file.sha256)
        return { kind: "verdict", verdict: integrityFailure("truth", file.sha256, got[i].sha256) };
      local.set(name, path.join(job.workDir, `input-${i}`));
    }
  } catch (error) {
    return { kind: "verdict", verdict: internalFailure(`code phase inputs: ${(error as Error).message}`) };
  }
  const limits = codeLimits(settings, job.limits);
  const report: CodeRunReport = { interface: settings.interface };
  const training = settings.training ? local.get(settings.training) : undefined;
  const onnx = settings.onnx && /\.onnx$/i.test(job.fileName);
  const run = (inputs: string, startWhen?: Promise<boolean>) =>
    runIngestion(
      ctx.runtime,
      { submission: job.submission, onnx, inputs, training },
      settings,
      limits,
      job.signal,
      startWhen,
    );

  // The hidden run's sandbox is set up while the sample run runs; its program starts only after it.
  let startHidden!: (go: boolean) => void;
  const hiddenRun = run(
    local.get(settings.inputs)!,
    new Promise<boolean>((resolve) => {
      startHidden = resolve;
    }),
  );
  hiddenRun.catch(() => {}); // awaited below; a failure to set it up is thrown there
  if (settings.sampleInputs) {
    let sample: IngestionRun;
    try {
      sample = await run(local.get(settings.sampleInputs)!);
    } catch (error) {
      startHidden(false);
      (await hiddenRun).remove();
      throw error;
    }
    sample.remove();
    report.sample = {
      outcome: sample.outcome,
      ...(sample.reason ? { reason: sample.reason } : {}),
      log: sample.log,
      ...(sample.usage ? { wallSeconds: sample.usage.wallSeconds } : {}),
    };
    if (sample.outcome !== "ok") {
      startHidden(false);
      (await hiddenRun).remove();
      if (sample.outcome === "stopped") return { kind: "stopped" };
      return { kind: "verdict", verdict: failedRun("sample", sample, limits, report, job) };
    }
  }
  startHidden(true);
  const hidden = await hiddenRun;
  report.hidden = {
    outcome: hidden.outcome,
    ...(hidden.usage
      ? {
          wallSeconds: hidden.usage.wallSeconds,
          cpuSeconds: hidden.usage.cpuSeconds,
          peakMemoryMB: hidden.usage.peakMemoryMB,
        }
      : {}),
    limits: { wallSeconds: limits.wallSeconds, cpuSeconds: limits.cpuSeconds, memoryMB: limits.memoryMB },
  };
  if (hidden.outcome === "stopped") {
    hidden.remove();
    return { kind: "stopped" };
  }
  if (hidden.outcome !== "ok" || !hidden.usage) {
    hidden.remove();
    return { kind: "verdict", verdict: failedRun("hidden", hidden, limits, report, job) };
  }
  return {
    kind: "predictions",
    file: hidden.predictions,
    usage: hidden.usage,
    report,
    organizerLog: hidden.log,
    remove: hidden.remove,
  };
}

function failedRun(
  which: "sample" | "hidden",
  run: IngestionRun,
  limits: SandboxLimits,
  report: CodeRunReport,
  job: { scorerVersion: string },
): FinalVerdict {
  if (run.outcome === "inputs-unreadable")
    return internalFailure(`the ${which} inputs cannot be read by the ingestion harness: ${run.reason}\n${run.log}`);
  const outcome = run.outcome as Exclude<RunOutcome, "ok" | "stopped" | "inputs-unreadable">;
  const what = outcomeText(outcome, limits);
  // The sample inputs are public: the reason and the log are the participant's. On hidden inputs only the class.
  const errorMessage =
    which === "sample"
      ? `Your program ${what} on the sample inputs${run.reason ? `: ${run.reason}` : ""}. Its log is shown below.`
      : `Your program ${report.sample ? "ran on the sample inputs, but " : ""}${what} on the hidden inputs. Its log there is shown to the organizers only, since it could print the hidden inputs.`;
  // Refusals that depend on the program and the public samples alone cost no try; a run on hidden inputs always does.
  const free = which === "sample" || outcome === "no-program";
  return {
    kind: "final",
    status: free ? "INVALID" : "FAILED",
    data: {
      errorMessage,
      internalError: `${which} run: ${outcome}${run.reason ? ` (${run.reason})` : ""}`,
      scorerVersion: job.scorerVersion,
      countsAgainstLimit: !free,
      run: report as object,
      organizerLog: which === "hidden" ? run.log : null,
    },
    audit: { reason: `${which} run: ${outcome}` },
  };
}
