export function formatBytes(value: number | bigint): string {
  let n = Number(value);
  const units = ["B", "KB", "MB", "GB", "TB"];
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`;
}

export type MetricFormat = "fixed4" | "int" | "percent";

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
  return new Date(value).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}
