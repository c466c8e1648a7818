// Gates: tests on a metric that a scored submission must pass to be ranked
// (the Flavours of Physics challenge ranked only submissions whose KS
// agreement on the control channel was below 0.09). A submission that fails
// one stays scored and visible to its owner, unranked, with the reason. The
// rule is written twice on purpose, for SQL (the ranking) and for a page
// (the reason), and a test holds the two equal: a gate passes only when the
// metric has a value (a number, or +∞ when unbounded) and the comparison
// holds; a missing value fails. Gates read the public scores, which the
// participant sees, on both boards.
import { z } from "zod";
import type { Gate } from "@unblind/challenges/shared/definition.ts";
import { metricSql, withinBudgetSql } from "./metric-sql.ts";

const gateSchema = z.object({
  metric: z.string(),
  op: z.enum(["<", "<=", ">", ">="]),
  value: z.number(),
  label: z.string(),
});

/** A challenge's stored gates; an entry that does not parse is left out. */
export const readGates = (json: unknown): Gate[] =>
  (Array.isArray(json) ? json : []).flatMap((g) => gateSchema.safeParse(g).data ?? []);

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** SQL: every gate passes on the scores in `column` (true when there are none). */
export function gatesSql(column: string, gates: readonly Gate[]): string {
  if (!gates.length) return "true";
  return gates
    .map((g) => `COALESCE((${metricSql(column, literal(g.metric))}) ${g.op} ${Number(g.value)}::float8, false)`)
    .join(" AND ");
}

/** Whether a scored submission may be ranked: within the scorer's budget, and passing every gate. */
export function rankableSql(column: string, gates: readonly Gate[]): string {
  return `(${withinBudgetSql(column)} AND ${gatesSql(column, gates)})`;
}

/** The value a gate reads: the number, +∞ when the scorer listed the key as unbounded, else null. */
function gateValue(scores: Record<string, unknown>, key: string): number | null {
  const unbounded = scores.unbounded;
  if (Array.isArray(unbounded) && unbounded.includes(key)) return Number.POSITIVE_INFINITY;
  const v = scores[key];
  return typeof v === "number" ? v : null;
}

const holds = (v: number, op: Gate["op"], bound: number) =>
  op === "<" ? v < bound : op === "<=" ? v <= bound : op === ">" ? v > bound : v >= bound;

export interface FailedGate extends Gate {
  /** The submission's value (null: not computed). */
  found: number | null;
}

/** The gates these scores fail, in the challenge's order. */
export function failedGates(gates: readonly Gate[], scores: Record<string, unknown>): FailedGate[] {
  return gates.flatMap((g) => {
    const found = gateValue(scores, g.metric);
    return found !== null && holds(found, g.op, g.value) ? [] : [{ ...g, found }];
  });
}

/** A failed gate in words: "agreement test: ks = 0.1234, must be < 0.09". */
export function failedGateText(g: FailedGate): string {
  const found = g.found === null ? "not computed" : `${g.metric} = ${Number(g.found.toPrecision(6))}`;
  return `${g.label}: ${found}, must be ${g.op} ${g.value}`;
}
