// A scorer worker as a real child process (apps/scorer/src/main.ts), for
// tests that kill, stop and restart things around it.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const MAIN = path.resolve(import.meta.dirname, "../../apps/scorer/src/main.ts");

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output(): string;
  healthUrl?: string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

export async function startWorkerProcess(
  env: Record<string, string>,
  settings: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      SCORER_LEASE_SECONDS: "3",
      SCORER_SWEEP_SECONDS: "1",
      SCORER_SHUTDOWN_GRACE_SECONDS: "20",
      ...env,
      ...settings,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const ready = await Promise.race([
    waitFor(async () => /\[scorer\] ready/.test(output), 60_000),
    exited.then((code) => {
      throw new Error(`the worker exited (${code}) before it was ready:\n${output}`);
    }),
  ]);
  void ready;
  return { child, pid: child.pid!, output: () => output, healthUrl: /health on (\S+)/.exec(output)?.[1], exited };
}

/** Polls until `check` is true (errors count as not yet: the database may be restarting). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
