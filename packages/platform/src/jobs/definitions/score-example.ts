// A bundle's example submission scored as a dry run, in the scoring sandbox:
// the platform stores the example and the truth it is scored against under
// dry-runs/<run>/, sends this job and waits for its output (the scorer
// process's apps/scorer/src/score-example.ts). Nothing about a challenge is
// stored; the objects are removed after the run.
import { z } from "zod";
import type { JobDefinition } from "../job-definition.ts";

const stored = z.object({ key: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const scoreExamplePayload = z.object({
  scorer: z.string().min(1),
  config: z.unknown(),
  /** The truth file, or one per task (a multi-task phase) by task key. */
  truths: z.array(stored.extend({ task: z.string().nullable() })).min(1),
  submission: stored.extend({ name: z.string().min(1) }),
});
export type ScoreExamplePayload = z.infer<typeof scoreExamplePayload>;

/** What the run gives back: the scores, the example's located error, or why the scorer could not score it. */
export const scoreExampleOutput = z.union([
  z.object({ scores: z.record(z.string(), z.unknown()) }),
  z.object({
    error: z.object({ message: z.string(), line: z.number().nullable(), column: z.number().nullable() }),
  }),
  z.object({ failed: z.string() }),
]);
export type ScoreExampleOutput = z.infer<typeof scoreExampleOutput>;

export const scoreExampleJob = {
  name: "score-example",
  version: 1,
  payload: scoreExamplePayload,
  // The creator waits for it: no retry, a short expiry.
  queue: { policy: "standard", retryLimit: 0, expireInSeconds: 5 * 60 },
} satisfies JobDefinition<ScoreExamplePayload>;
