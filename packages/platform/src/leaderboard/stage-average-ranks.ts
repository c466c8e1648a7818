// The average rank across tasks (metrics/average-rank.ts) of every ranked
// submission of a phase, on each board's own scores, staged in a table that
// lives until the refresh commits: the ranking SQL reads it as the primary
// value (board-sql.ts, primarySql). The field is every rankable scored
// submission (not only each participant's best), as the DarkMachines
// challenge ranked every submitted model; so one new score can move every
// entry, and such boards are always recomputed in full.
import { averageRanks } from "@unblind/scoring/metrics/average-rank.ts";
import type { Sql } from "../db/sql-transaction.ts";
import { rankableSql } from "./gates.ts";
import { metricSql } from "./metric-sql.ts";
import type { RankingRules } from "./ranking-rules.ts";

export async function stageAverageRanks(sql: Sql, phaseId: string, rules: RankingRules): Promise<void> {
  const { keys, higherIsBetter } = rules.averageRank!;
  await sql.query(
    `CREATE TEMP TABLE IF NOT EXISTS board_average_rank (id text, board text, metric text, v float8) ON COMMIT DROP`,
  );
  await sql.query(`DELETE FROM pg_temp.board_average_rank`);
  for (const board of ["PUBLIC", "PRIVATE"] as const) {
    const column = board === "PUBLIC" ? "s.scores" : "ps.scores";
    const rows = await sql.query<{ id: string; v: (number | null)[] }>(
      `SELECT s.id, ARRAY[${keys.map((_, i) => metricSql(column, `$${i + 2}`)).join(", ")}]::float8[] AS v
       FROM "Submission" s ${board === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
       WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}
       ORDER BY s.id`,
      [phaseId, ...keys],
    );
    if (!rows.length) continue;
    const ranks = averageRanks(
      keys.map((_, t) => rows.map((r) => r.v[t])),
      higherIsBetter,
    );
    await sql.query(
      `INSERT INTO pg_temp.board_average_rank (id, board, metric, v)
       SELECT id, $3, $4, v FROM unnest($1::text[], $2::float8[]) AS u(id, v)`,
      [rows.map((r) => r.id), ranks, board, rules.primary],
    );
  }
}
