// Organizers change how the metrics are shown: each column's label and
// number format, and their order. Which metrics exist, and which way each
// is better, are the scoring definition's (a bundle re-creates those);
// the change is display only, so nothing is re-scored. Audited with the
// columns before and after.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { readMetricColumns } from "../scorers/stored-results.ts";
import { organizedChallenge } from "./challenge-access.ts";

export const metricDisplaySchema = z.object({
  slug: z.string().min(1).max(100),
  metrics: z
    .array(
      z.object({
        key: z.string().min(1).max(120),
        label: z.string().trim().min(1, "a label cannot be empty").max(120),
        format: z.enum(["fixed4", "int", "percent"]),
      }),
    )
    .min(1)
    .max(200),
});
export type MetricDisplayInput = z.infer<typeof metricDisplaySchema>;

export async function setMetricDisplay({ db }: Platform, caller: Caller, input: MetricDisplayInput) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    { id: true, metrics: true },
    "change its metrics",
  );
  const current = readMetricColumns(challenge.metrics);
  const keys = (ms: readonly { key: string }[]) => ms.map((m) => m.key).sort();
  if (JSON.stringify(keys(current)) !== JSON.stringify(keys(input.metrics)))
    throw new AppError(
      "BAD_REQUEST",
      `The metrics are ${current.map((m) => m.key).join(", ")}: labels, formats and order may change here, not which metrics there are.`,
    );
  const next = input.metrics.map((m) => ({
    ...current.find((c) => c.key === m.key)!,
    label: m.label,
    format: m.format,
  }));
  await db.$transaction(async (tx) => {
    await tx.challenge.update({ where: { id: challenge.id }, data: { metrics: next } });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "challenge.metrics_changed",
      challengeId: challenge.id,
      subjectType: "Challenge",
      subjectId: challenge.id,
      data: { before: current, after: next },
    });
  });
  return { metrics: next };
}
