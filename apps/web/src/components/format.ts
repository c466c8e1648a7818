import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";

export { formatBytes } from "@unblind/scoring/format-bytes.ts";

export type MetricFormat = MetricColumn["format"];

/**
 * Prints a metric value. A null is "∞ (unbounded)" only when the scorer
 * listed the key as unbounded (no background passed); otherwise the metric is
 * undefined or not measurable on this test set, and shows "—" (its reason is
 * in scores.reasons; see metricNote).
 */
export function formatMetric(value: unknown, format: MetricFormat = "fixed4", unbounded = false): string {
  if (value === null && unbounded) return "∞ (unbounded)";
  if (typeof value !== "number") return "—";
  if (format === "int") return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  if (format === "percent") return `${(100 * value).toFixed(2)} %`;
  return value.toFixed(4);
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return `${new Date(value).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/** A score's unbounded flag and the reason it is null, from the scores JSON (unbounded, reasons). */
export function metricNote(scores: Record<string, unknown> | null | undefined, key: string) {
  const unbounded = Array.isArray(scores?.unbounded) && (scores.unbounded as unknown[]).includes(key);
  const reasons = scores?.reasons;
  const reason =
    reasons && typeof reasons === "object" && typeof (reasons as Record<string, unknown>)[key] === "string"
      ? ((reasons as Record<string, string>)[key] as string)
      : null;
  return { unbounded, reason };
}

/** formatMetric with the scores' own unbounded list. */
export function formatScore(scores: Record<string, unknown> | null | undefined, key: string, format?: MetricFormat) {
  return formatMetric(scores?.[key], format, metricNote(scores, key).unbounded);
}
