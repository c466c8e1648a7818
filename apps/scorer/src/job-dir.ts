// A job's private directory. The parent is the worker's (0711: others may
// pass through, not list); the job directory inside belongs to the
// sandbox's user with mode 0500, and the inputs are read-only to everyone
// who can reach them. Removed whatever happens.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface JobDir {
  path: string;
  /** A private folder beside the job (the worker's, never mounted in the sandbox): a code run's predictions. */
  outside: string;
  /**
   * Makes every entry read-only and readable to the sandbox (call after
   * writing them); `writable` folders become the sandbox user's own (a
   * scoring program's output, mounted writable).
   */
  seal(writable?: string[]): void;
  /**
   * Lets the sandbox's user reach the directory before it is sealed: a
   * sandbox started ahead of its inputs mounts it while the worker (root)
   * still writes them; it reads them only after seal().
   */
  admit(): void;
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
    outside: parent,
    seal(writable = []) {
      for (const name of readdirSync(dir)) if (!writable.includes(name)) readOnly(path.join(dir, name));
      for (const name of writable) {
        if (sandboxUid !== undefined) chownSync(path.join(dir, name), sandboxUid, sandboxUid);
        chmodSync(path.join(dir, name), 0o700);
      }
      if (sandboxUid !== undefined) {
        chmodSync(parent, 0o711);
        chownSync(dir, sandboxUid, sandboxUid);
      }
      chmodSync(dir, 0o500);
    },
    admit() {
      if (sandboxUid === undefined) return;
      chmodSync(parent, 0o711);
      chownSync(dir, sandboxUid, sandboxUid);
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

/** A file, or a folder of files (a multi-task phase's truths, a program), read-only to everyone. */
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
/** A scoring program's folder and its output folder (scores.json, detailed.html). */
export const PROGRAM_DIR = "program";
export const OUTPUT_DIR = "output";
/** A code phase's inputs and training file, for the ingestion sandbox. */
export const INPUTS_FILE = "inputs";
export const TRAINING_FILE = "train";
