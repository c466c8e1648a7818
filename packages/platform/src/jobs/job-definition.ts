// A job is a definition, in one file each under definitions/: its queue name,
// a version, a zod schema of its payload, and either a handler (periodic
// maintenance) or, for scoring, a handler the scorer process registers.
// Payloads are parsed when a job is taken, so a malformed one fails loudly.
import type PgBoss from "pg-boss";
import { z } from "zod";
import type { Platform } from "../platform.ts";

export interface JobDefinition<P> {
  name: string;
  /** Raised when the payload changes meaning. */
  version: number;
  payload: z.ZodType<P>;
  /** The queue's settings (pg-boss). */
  queue: Omit<PgBoss.Queue, "name">;
}

/**
 * A maintenance task that runs every `everySeconds` on whichever worker takes
 * it: each is its own queue, so one that fails never keeps another from
 * running. Returns a line for the log when it did something.
 */
export interface PeriodicJob extends JobDefinition<Record<string, never>> {
  everySeconds(sweepSeconds: number): number;
  run(platform: Platform): Promise<string | null>;
}

/** At most one run waiting and one running, whatever the number of workers (pg-boss "stately"). */
export const PERIODIC_QUEUE: PeriodicJob["queue"] = { policy: "stately", retryLimit: 0, expireInSeconds: 10 * 60 };

/** A periodic job: a name, how often, and what it does; no payload, the periodic queue's settings. */
export function periodicJob(job: Pick<PeriodicJob, "name" | "everySeconds" | "run">): PeriodicJob {
  return {
    version: 1,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    queue: PERIODIC_QUEUE,
    ...job,
  };
}
