import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";

export { formatBytes } from "@unblind/scoring/format-bytes.ts";

export type MetricFormat = MetricColumn["format"];

/** Prints a metric value; null means unbounded (e.g. no background passed). */
export function formatMetric(value: unknown, format: MetricFormat = "fixed4"): string {
  if (value === null) return "∞ (unbounded)";
  if (typeof value !== "number") return "—";
  if (format === "int") return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  if (format === "percent") return `${(100 * value).toFixed(2)} %`;
  return value.toFixed(4);
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return `${new Date(value).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
