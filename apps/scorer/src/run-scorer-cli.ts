// Runs the command-line scorer as a separate process, so a heavy or crashing
// metric can never take the worker down, and reads back only its JSON.
// (Sandboxing with bubblewrap comes with the sandboxed-scoring work.)
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scoring/src/cli.ts");
const TSX = require.resolve("tsx");

export interface CliOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const MAX_STDOUT = 4 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

export function runScorerCli(args: { challenge: string; truth: string; submission: string; timeoutMs: number }): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", TSX, CLI, "--challenge", args.challenge, "--truth", args.truth, "--submission", args.submission],
      // Only what the scorer needs: no database URL, no credentials.
      { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_OPTIONS: "--max-old-space-size=4096" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => {
      if (stdout.length < MAX_STDOUT) stdout += d.toString("utf8");
      else child.kill("SIGKILL");
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += d.toString("utf8");
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, args.timeoutMs);
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr: stderr.slice(0, MAX_STDERR), timedOut });
    });
  });
}
