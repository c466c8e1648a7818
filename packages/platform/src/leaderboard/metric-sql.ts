/**
 * The SQL value of a metric in a scores JSON column: the number, +Infinity
 * when the scorer listed the key as unbounded (a background rejection with no
 * background passing), NULL when the metric is missing or not a number (never
 * ranked). `key` is a bound parameter reference such as "$2".
 */
export function metricSql(column: string, key: string): string {
  return `CASE WHEN jsonb_exists(COALESCE(${column}->'unbounded', '[]'::jsonb), ${key}) THEN 'Infinity'::float8
               WHEN jsonb_typeof(${column}->${key}) = 'number' THEN (${column}->>${key})::float8 END`;
}

/** ORDER BY of a ranking: primary, then secondary (missing last), then the earlier submission. */
export function rankingOrder(
  primaryDesc: boolean,
  secondaryDesc: boolean,
  m1: string,
  m2: string,
  created: string,
  id: string,
): string {
  return `${m1} ${primaryDesc ? "DESC" : "ASC"}, ${m2} ${secondaryDesc ? "DESC" : "ASC"} NULLS LAST, ${created} ASC, ${id} ASC`;
}

/**
 * Whether a scored submission is within the scorer's budget: everything,
 * except what the scorer marks `"withinBudget": false` (the FPGA track's
 * models that break a latency or resource constraint: shown, never ranked).
 */
export function withinBudgetSql(column: string): string {
  return `COALESCE(${column}->'withinBudget', 'true'::jsonb) <> 'false'::jsonb`;
}
