// A scorer sandbox started before its job is known, so a prediction file is
// scored without waiting for Node and the scorer to load (~0.2 s of the
// time from upload to score). Each worker slot keeps one ready: bubblewrap
// started on a fresh, empty job directory with the default limits, the
// scorer loaded and waiting on its standard input (cli.ts --wait-for-start).
// The next job claimed on the slot downloads its files into that directory;
// if it is a prediction file under the default limits and reads no HDF5,
// the scorer is told its arguments and runs (its wall limit counting from
// then); otherwise it is stopped unstarted and the job runs as before. A
// warm sandbox serves one job only, and a new one is started for the next.
import { createJobDir, type JobDir } from "./job-dir.ts";
import { nodeFlags, type ScorerRuntime } from "./run-scorer-cli.ts";
import { DEFAULT_LIMITS, type SandboxLimits } from "./sandbox/limits.ts";
import { runSandboxed, type SandboxResult } from "./sandbox/run-sandboxed.ts";

export interface WarmScorer {
  /** The job directory it mounted, empty until the job's files are downloaded into it. */
  job: JobDir;
  limits: SandboxLimits;
  /** False once it has ended unstarted (killed, crashed): then it is not used. */
  alive(): boolean;
  /** Runs the scorer with these arguments on the (sealed) job directory; `signal` stops it. */
  start(args: string[], signal: AbortSignal): Promise<SandboxResult>;
  /** Stops it unstarted (or waits for its run to end); the job directory stays for its owner to remove. */
  stop(): Promise<void>;
}

export function startWarmScorer(runtime: ScorerRuntime, limits: SandboxLimits = DEFAULT_LIMITS): WarmScorer {
  const job = createJobDir(runtime.uid);
  job.admit();
  const stopped = new AbortController();
  let go!: (start: false | string[]) => void;
  const run = runSandboxed({
    mode: runtime.mode,
    uid: runtime.uid,
    readOnly: [runtime.bundle.dir, ...runtime.bundle.nativeDirs],
    jobDir: job.path,
    limits,
    signal: stopped.signal,
    startWhen: new Promise((resolve) => {
      go = resolve;
    }),
    command: [process.execPath, ...nodeFlags(limits), runtime.bundle.cli, "--wait-for-start"],
  });
  let ended = false;
  void run.then(() => {
    ended = true;
  });
  return {
    job,
    limits,
    alive: () => !ended,
    start(args, signal) {
      if (signal.aborted) stopped.abort();
      else signal.addEventListener("abort", () => stopped.abort(), { once: true });
      go(args);
      return run;
    },
    async stop() {
      go(false);
      await run;
    },
  };
}

/** Whether a job under these limits may run in a warm sandbox (started with `warm`). */
export function fitsWarm(warm: SandboxLimits, job: SandboxLimits): boolean {
  return (Object.keys(warm) as (keyof SandboxLimits)[]).every((k) => warm[k] === job[k]);
}

/** One worker slot's warm scorer: taken by a job, and another started once it is done. */
export class WarmSlot {
  private ready?: WarmScorer;
  private closed = false;

  constructor(private readonly runtime: ScorerRuntime) {
    this.ready = startWarmScorer(runtime);
  }

  /** The waiting sandbox, if one is ready; the slot has none until refill(). */
  take(): WarmScorer | undefined {
    const warm = this.ready;
    this.ready = undefined;
    if (warm && !warm.alive()) {
      warm.job.remove();
      return undefined;
    }
    return warm;
  }

  /** Starts the next one, after a job: its start-up then does not compete with the job for the cores. */
  refill(): void {
    if (!this.closed && !this.ready) this.ready = startWarmScorer(this.runtime);
  }

  async close(): Promise<void> {
    this.closed = true;
    const warm = this.ready;
    this.ready = undefined;
    if (!warm) return;
    await warm.stop();
    warm.job.remove();
  }
}
