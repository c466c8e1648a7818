// A job's private directory. The parent is the worker's (0711: others may
// pass through, not list); the job directory inside belongs to the
// sandbox's user with mode 0500, and the inputs are read-only to everyone
// who can reach them. Removed whatever happens.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
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
      for (const name of [SUBMISSION_FILE, TRUTH_FILE]) chmodSync(path.join(dir, name), 0o444);
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

/** Inputs keep fixed names inside the job: a participant's file name never becomes a path. */
export const SUBMISSION_FILE = "submission";
export const TRUTH_FILE = "truth";
