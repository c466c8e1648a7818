// Derive a blind release (datasets/blind-derivation.ts): the scorer process
// registers the handler (apps/scorer/src/derive-release.ts), which runs the
// derivation in its sandbox. A run that dies is taken up again: the claim
// also takes a derivation RUNNING for longer than the queue's expiry.
import type PgBoss from "pg-boss";
import { z } from "zod";
import type { JobDefinition } from "../job-definition.ts";

export const deriveBlindReleaseJob = {
  name: "derive-blind-release",
  version: 1,
  payload: z.object({ derivationId: z.string().min(1) }),
  queue: { policy: "standard", retryLimit: 2, retryDelay: 30, expireInSeconds: 60 * 60 },
} satisfies JobDefinition<{ derivationId: string }>;

export async function enqueueDerivation(boss: PgBoss, derivationId: string): Promise<void> {
  await boss.send(deriveBlindReleaseJob.name, { derivationId }, { singletonKey: derivationId });
}
