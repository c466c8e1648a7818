// Keeps a child process of the launcher running: one that dies (a crash, an
// out-of-memory kill, kill -9) is started again with exponential backoff,
// and the rest of the platform keeps running. Repeated crashes are reported
// on every restart, with their count, never looped silently.
import { spawn, type ChildProcess } from "node:child_process";

export interface Supervised {
  /** The running process now (a new one after each restart). */
  current(): ChildProcess;
  /** Stops supervising and the process: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SuperviseOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: (line: string) => void;
  /** First delay before a restart; it doubles after each crash, up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A process that ran this long is healthy again: the next crash starts from the first delay. */
  healthyAfterMs?: number;
}

export function supervise(o: SuperviseOptions): Supervised {
  const first = o.firstDelayMs ?? 1000;
  const max = o.maxDelayMs ?? 30_000;
  const healthyAfter = o.healthyAfterMs ?? 60_000;
  let stopped = false;
  let crashes = 0;
  let delay = first;
  let timer: NodeJS.Timeout | undefined;
  let child: ChildProcess;

  const start = () => {
    const startedAt = Date.now();
    child = spawn(process.execPath, o.args, { cwd: o.cwd, env: o.env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code, signal) => {
      if (stopped) return;
      if (Date.now() - startedAt >= healthyAfter) delay = first;
      crashes++;
      o.log(
        `${o.name} exited (${signal ?? `code ${code}`}); restarting it in ${(delay / 1000).toFixed(0)} s (crash ${crashes} since the start)${crashes >= 3 ? ": it keeps crashing, see its log above" : ""}`,
      );
      timer = setTimeout(start, delay);
      delay = Math.min(max, delay * 2);
    });
  };
  start();

  return {
    current: () => child,
    async stop(graceMs = 15_000) {
      stopped = true;
      clearTimeout(timer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}
