// The worker's side of a blind derivation (packages/platform/src/datasets/
// blind-derivation.ts): the labelled file is downloaded (its SHA-256 checked
// against the recorded one) into a job directory, the derivation runs in the
// sandbox like a scoring run (no network, no credentials, its own user) and
// writes the participant file and the answer key there; the worker then
// publishes both. The organizer's mistakes end FAILED with the reason in
// words; internal errors are retried by the queue, then FAILED.
import { statSync } from "node:fs";
import path from "node:path";
import {
  type ClaimedDerivation,
  claimDerivation,
  failDerivation,
  publishDerivation,
} from "@unblind/platform/datasets/blind-derivation.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { sha256OfFile } from "@unblind/platform/storage/sha256-of-file.ts";
import { createJobDir } from "./job-dir.ts";
import { type ScorerRuntime, WASM_RESERVATION_MB } from "./run-scorer-cli.ts";
import { CHECKED_SCORERS, checkTruthFile } from "@unblind/scoring/check-truth.ts";
import { InputError } from "@unblind/scoring/parse/input-error.ts";
import { JOB_MOUNT } from "./sandbox/bwrap-args.ts";
import { DEFAULT_LIMITS } from "./sandbox/limits.ts";
import { runSandboxed } from "./sandbox/run-sandboxed.ts";

const INPUT = "labelled";
const PARTICIPANT = "participant.h5";
const ANSWER_KEY = "answer-key.h5";

export type DeriveOutcome = "DONE" | "FAILED" | "SKIPPED";

export async function deriveRelease(
  platform: Platform,
  runtime: ScorerRuntime,
  derivationId: string,
  { lastAttempt, signal }: { lastAttempt: boolean; signal?: AbortSignal },
): Promise<DeriveOutcome> {
  const claimed = await claimDerivation(platform.db, derivationId);
  if (!claimed) return "SKIPPED";
  const job = createJobDir(runtime.uid);
  try {
    return await run(platform, runtime, claimed, job.path, () => job.openForOutputs([INPUT]), signal);
  } catch (error) {
    const details = String((error as Error).stack ?? error);
    // Storage or database trouble: the queue tries again; the last attempt ends it.
    if (!lastAttempt) {
      await platform.db.blindDerivation.update({ where: { id: derivationId }, data: { status: "QUEUED" } });
      throw error;
    }
    await failDerivation(
      platform.db,
      derivationId,
      `internal error (the operators have the details): ${details.split("\n")[0]}`,
    );
    return "FAILED";
  } finally {
    job.remove();
  }
}

async function run(
  platform: Platform,
  runtime: ScorerRuntime,
  d: ClaimedDerivation,
  dir: string,
  open: () => void,
  signal?: AbortSignal,
): Promise<DeriveOutcome> {
  const { sha256 } = await platform.storage.downloadToFile(d.source.key, path.join(dir, INPUT));
  if (sha256 !== d.source.sha256) {
    await failDerivation(
      platform.db,
      d.id,
      `${d.source.name} in storage has SHA-256 ${sha256}, not the ${d.source.sha256} recorded when it was published; nothing was derived`,
    );
    return "FAILED";
  }
  open();
  const inside = runtime.mode === "bwrap" ? JOB_MOUNT : dir;
  const sourceMB = Math.ceil(d.source.size / 1024 / 1024);
  const limits = {
    ...DEFAULT_LIMITS,
    // Each output is at most the input's size (a few columns fewer), plus HDF5's bookkeeping.
    outputMB: sourceMB + 256,
    cpuSeconds: 600 + sourceMB,
    wallSeconds: 900 + sourceMB,
  };
  const result = await runSandboxed({
    mode: runtime.mode,
    uid: runtime.uid,
    readOnly: [runtime.bundle.dir, ...runtime.bundle.nativeDirs],
    jobDir: dir,
    writableJob: true,
    limits,
    addressSpaceMB: limits.memoryMB + WASM_RESERVATION_MB,
    signal,
    command: [
      process.execPath,
      `--max-old-space-size=${Math.floor(limits.memoryMB * 0.6)}`,
      runtime.bundle.derive,
      "--input",
      path.join(inside, INPUT),
      "--key",
      d.frameKey,
      "--answer-columns",
      d.answerColumns.join(","),
      "--must-remove",
      d.mustRemove.join(","),
      "--participant",
      path.join(inside, PARTICIPANT),
      "--answer-key",
      path.join(inside, ANSWER_KEY),
    ],
  });
  if (result.limit === "aborted") throw new Error("the worker stopped during the derivation");
  let printed: { error?: { message: string }; format?: string } | null = null;
  try {
    printed = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    printed = null;
  }
  if (result.exitCode === 2 && printed?.error) {
    await failDerivation(platform.db, d.id, `${d.source.name}: ${printed.error.message}`);
    return "FAILED";
  }
  if (result.exitCode !== 0 || !printed || printed.error) {
    const why = result.limit ? `it went over the sandbox's ${result.limit} limit` : `exit ${result.exitCode}`;
    throw new Error(`the derivation of ${d.source.name} did not finish (${why}): ${result.stderr.slice(-500)}`);
  }
  const file = async (name: string) => {
    const p = path.join(dir, name);
    return { path: p, size: statSync(p).size, sha256: await sha256OfFile(p) };
  };
  // A key that becomes a phase's truth must be one its scorer reads (the named answer columns may not be the scored ones).
  if (d.truthOf.length && CHECKED_SCORERS.includes(d.challenge.scorer)) {
    try {
      await checkTruthFile(d.challenge.scorer, path.join(dir, ANSWER_KEY), d.challenge.scoringConfig ?? undefined);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await failDerivation(
        platform.db,
        d.id,
        `the answer key derived from ${d.source.name} is not a truth the ${d.challenge.scorer} scorer reads (${error.message}); nothing was published`,
      );
      return "FAILED";
    }
  }
  await publishDerivation(
    platform,
    d,
    { participant: await file(PARTICIPANT), answerKey: await file(ANSWER_KEY) },
    printed as never,
  );
  return "DONE";
}
