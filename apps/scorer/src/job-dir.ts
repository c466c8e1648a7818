// A job's private directory. The parent is the worker's (0711: others may
// pass through, not list); the job directory inside belongs to the
// sandbox's user with mode 0500, and the inputs are read-only to everyone
// who can reach them. Removed whatever happens.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface JobDir {
  path: string;
  /** Makes the inputs readable to the sandbox (call after writing them). */
  seal(): void;
  /** Makes `inputs` read-only and the directory the sandbox's own, for a job that writes its outputs there. */
  openForOutputs(inputs: string[]): void;
  remove(): void;
}

export function createJobDir(sandboxUid?: number): JobDir {
  const parent = mkdtempSync(path.join(tmpdir(), "unblind-job-"));
  const dir = path.join(parent, "job");
  mkdirSync(dir, { mode: 0o700 });
  return {
    path: dir,
    seal() {
      for (const name of [SUBMISSION_FILE, TRUTH_FILE]) readOnly(path.join(dir, name));
      if (sandboxUid !== undefined) {
        chmodSync(parent, 0o711);
        chownSync(dir, sandboxUid, sandboxUid);
      }
      chmodSync(dir, 0o500);
    },
    openForOutputs(inputs) {
      for (const name of inputs) chmodSync(path.join(dir, name), 0o444);
      if (sandboxUid !== undefined) {
        chmodSync(parent, 0o711);
        chownSync(dir, sandboxUid, sandboxUid);
      }
      chmodSync(dir, 0o700);
    },
    remove() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** A file, or a folder of files (a multi-task phase's truths), read-only to everyone. */
function readOnly(file: string): void {
  if (statSync(file).isDirectory()) {
    for (const name of readdirSync(file)) chmodSync(path.join(file, name), 0o444);
    chmodSync(file, 0o555);
  } else chmodSync(file, 0o444);
}

/**
 * Inputs keep fixed names inside the job: a participant's file name never
 * becomes a path. TRUTH_FILE is a folder of one file per task (named by the
 * task's key) for a multi-task phase.
 */
export const SUBMISSION_FILE = "submission";
export const TRUTH_FILE = "truth";
