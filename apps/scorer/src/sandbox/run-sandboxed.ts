// Runs a command in the scoring sandbox and reports how it ended, in terms
// the worker can classify: the exit, which limit (if any) stopped it, and a
// size-capped stdout. Nothing of the job's files is echoed here; stderr is
// kept for operators only (it never reaches a participant).
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { bwrapArgs, type SandboxSpec } from "./bwrap-args.ts";

export type SandboxMode = "bwrap" | "none";

export type LimitHit = "wall" | "cpu" | "memory" | "output" | "processes" | "aborted";

export interface SandboxResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last 64 KiB of stderr, for operators. */
  stderr: string;
  limit: LimitHit | null;
  durationMs: number;
  /** With `measure`: what the run used, as the platform measured it (never as the program reports). */
  usage?: RunUsage;
}

/** Measured by measure.py around the sandbox: wall and CPU time of the whole run, its largest resident set. */
export interface RunUsage {
  wallSeconds: number;
  cpuSeconds: number;
  peakMemoryMB: number;
  /** The core it was pinned to. */
  cpu: number;
}

export interface SandboxRun extends SandboxSpec {
  mode: SandboxMode;
  /** Run as this uid/gid (needs root): a user of the sandbox's own, so RLIMIT_NPROC counts only its processes. */
  uid?: number;
  /** Aborting kills the sandbox (lease lost, worker shutting down). */
  signal?: AbortSignal;
  /** Most the run may print on stderr, in MiB (default limits.outputMB). */
  logMB?: number;
  /** Stream stdout into this file (at most limits.outputMB) instead of keeping it in memory. */
  stdoutFile?: string;
  /**
   * Pin the run to one core (-1: the last allowed) and measure its time and
   * memory from outside the program, by `script` (scoring/ingestion/measure.py,
   * a path inside the sandbox) run as its parent.
   */
  measure?: { cpu: number; script: string };
  /**
   * Started ahead of its inputs: the command loads, then waits for the line
   * "start" on its standard input, written when this settles true (the wall
   * limit counts from then); false ends its input, which stops it (as
   * aborted) before it reads any file. A list settles it
   * with more arguments for the command (the scoring CLI's start line: a
   * sandbox started before its job was known, warm-scorer.ts). With
   * `measure`, the launcher waits, then starts the program.
   */
  startWhen?: Promise<boolean | string[]>;
}

const STDERR_KEEP = 64 * 1024;
/** How long a sandbox told not to start may take to end by itself. */
const UNSTARTED_GRACE_MS = 5000;
/** bwrap reports a child killed by signal s as exit 128 + s. */
const SIGNAL_EXIT = {
  SIGXCPU: 128 + 24,
  SIGKILL: 128 + 9,
  SIGXFSZ: 128 + 25,
  SIGABRT: 128 + 6,
  SIGSEGV: 128 + 11,
} as const;
const MEMORY_MESSAGES =
  /heap out of memory|Allocation failed|Cannot allocate memory|ENOMEM|Array buffer allocation failed|Out of memory|could not allocate/i;
const PROCESS_MESSAGES = /EAGAIN|Resource temporarily unavailable|uv_thread_create|pthread_create/i;

export function runSandboxed(run: SandboxRun): Promise<SandboxResult> {
  const command = run.measure
    ? [
        "/usr/bin/python3",
        "-I",
        "-S",
        run.measure.script,
        ...(run.startWhen ? ["--wait-for-start"] : []),
        String(run.measure.cpu),
        ...run.command,
      ]
    : run.command;
  const [file, ...args] = run.mode === "bwrap" ? ["bwrap", ...bwrapArgs({ ...run, command })] : command;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      // Nothing of the worker's environment: no database URL, no credentials.
      env: { PATH: "/usr/bin:/bin" },
      cwd: run.mode === "bwrap" ? "/" : run.jobDir,
      stdio: [run.startWhen ? "pipe" : "ignore", "pipe", "pipe", ...(run.measure ? (["pipe"] as const) : [])],
      ...(run.uid === undefined ? {} : { uid: run.uid, gid: run.uid }),
      detached: run.mode === "none", // its own process group, killed as one
    });
    const maxStdout = run.limits.outputMB * 1024 * 1024;
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let stderr = "";
    let usage = "";
    const toFile = run.stdoutFile ? createWriteStream(run.stdoutFile, { mode: 0o600 }) : null;
    const written = toFile ? new Promise<void>((resolve) => toFile.on("close", () => resolve())) : Promise.resolve();
    let limit: LimitHit | null = null;
    const kill = (why: LimitHit) => {
      limit ??= why;
      try {
        if (run.mode === "none" && child.pid) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL"); // bwrap's sandbox dies with it (--die-with-parent)
      } catch {
        // already gone
      }
    };
    const [, out, err] = child.stdio as unknown as [unknown, NodeJS.ReadableStream, NodeJS.ReadableStream];
    out.on("data", (d: Buffer) => {
      stdoutBytes += d.length;
      if (stdoutBytes > maxStdout) return kill("output");
      if (toFile) toFile.write(d);
      else stdout.push(d);
    });
    out.on("end", () => toFile?.end());
    err.on("data", (d: Buffer) => {
      // A program printing gigabytes of logs is stopped like one writing them.
      stderrBytes += d.length;
      if (stderrBytes > (run.logMB ?? run.limits.outputMB) * 1024 * 1024) kill("output");
      stderr = (stderr + d.toString("utf8")).slice(-STDERR_KEEP);
    });
    (child.stdio[3] as NodeJS.ReadableStream | undefined)?.on("data", (d: Buffer) => {
      usage += d.toString("utf8");
    });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const armWallLimit = () => {
      timer = setTimeout(() => kill("wall"), run.limits.wallSeconds * 1000);
    };
    if (!run.startWhen) armWallLimit();
    else {
      child.stdin?.on("error", () => {}); // gone before its start: its exit says why
      run.startWhen.then(
        (go) => {
          if (settled) return;
          if (!go) {
            // Told to stop by the end of its input, not killed: bubblewrap killed while it sets the sandbox up
            // can leave its inner process behind, waiting forever. Killed only if it does not end by itself.
            limit ??= "aborted";
            child.stdin?.end();
            timer = setTimeout(() => kill("aborted"), UNSTARTED_GRACE_MS);
            return;
          }
          armWallLimit();
          child.stdin?.end(go === true ? "start\n" : `start ${JSON.stringify(go)}\n`);
        },
        () => kill("aborted"),
      );
    }
    const abort = () => kill("aborted");
    if (run.signal?.aborted) abort();
    run.signal?.addEventListener("abort", abort);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return; // "error" and "close" may both come
      settled = true;
      clearTimeout(timer);
      run.signal?.removeEventListener("abort", abort);
      if (!limit && exitCode !== 0) limit = limitFromExit(exitCode, signal, stderr);
      const durationMs = performance.now() - started;
      toFile?.end();
      void written.then(() =>
        resolve({
          exitCode,
          signal,
          stdout: Buffer.concat(stdout).toString("utf8"),
          stderr,
          limit,
          durationMs,
          ...(run.measure ? { usage: readUsage(usage) } : {}),
        }),
      );
    };
    child.on("error", (error) => {
      stderr += `\ncould not start ${file}: ${error.message}`;
      finish(null, null);
    });
    child.on("close", finish);
  });
}

/** Which limit an abnormal exit points to, from the signal (direct or as bwrap's 128 + s) and the runtime's messages. */
function limitFromExit(exitCode: number | null, signal: NodeJS.Signals | null, stderr: string): LimitHit | null {
  if (signal === "SIGXCPU" || exitCode === SIGNAL_EXIT.SIGXCPU) return "cpu";
  if (signal === "SIGXFSZ" || exitCode === SIGNAL_EXIT.SIGXFSZ) return "output";
  if (MEMORY_MESSAGES.test(stderr)) return "memory";
  if (PROCESS_MESSAGES.test(stderr)) return "processes";
  // RLIMIT_CPU's hard limit is SIGKILL once SIGXCPU was ignored.
  if (signal === "SIGKILL" || exitCode === SIGNAL_EXIT.SIGKILL) return "cpu";
  return null;
}

/** measure.py's report; a run killed with its launcher has none, and then reports nothing measured. */
function readUsage(text: string): RunUsage | undefined {
  try {
    const u = JSON.parse(text) as RunUsage;
    return [u.wallSeconds, u.cpuSeconds, u.peakMemoryMB, u.cpu].every(Number.isFinite) ? u : undefined;
  } catch {
    return undefined;
  }
}
