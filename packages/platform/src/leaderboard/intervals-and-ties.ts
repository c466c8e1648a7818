// Each entry's 68 % percentile interval from its replicates, and the paired
// bootstrap against the entry above it: tied when the `level` interval of the
// difference holds zero. Entries scored against different truth versions,
// or without replicates, get no comparison (null).
import { percentileInterval } from "@unblind/scoring/metrics/bootstrap.ts";
import { compareReplicates, decodeReplicates } from "@unblind/scoring/metrics/paired-replicates.ts";
import type { Board } from "../db/generated/client.ts";
import type { Sql } from "../db/sql-transaction.ts";
import { roundScores } from "./round-scores.ts";

/** The central interval shown next to each entry. */
export const INTERVAL_LEVEL = 0.68;

export interface TieOptions {
  /** Confidence at which the paired bootstrap must tell an entry from the one above. */
  level: number;
  higherIsBetter: boolean;
  /** Decimal places the intervals are rounded to (the public board's, like its scores), or null. */
  digits: number | null;
}

/**
 * The intervals and ties of the board's entries at `ranks` (all when
 * omitted), as JSON for `markTiesSql`: an entry's interval depends on its own
 * replicates only, its tie on the entry above, so after some entries moved
 * only they and their new and former neighbours below need marking. Entries
 * left at negative ranks by board-sql.ts (replaceEntriesSql) take their
 * ranks first.
 */
export async function intervalsAndTies(
  sql: Sql,
  phaseId: string,
  board: Board,
  { level, higherIsBetter, digits }: TieOptions,
  ranks?: number[],
): Promise<string> {
  const marked = ranks && new Set(ranks);
  const read = marked && [...new Set(ranks.flatMap((r) => [r, r - 1]))];
  // The replicates travel as base64 text: the driver hands bytea over byte by byte, ten times slower.
  // The read sees the ranks as they were before the flip in the same statement, hence abs().
  const rows = await sql.query<{ rank: number; replicates: string | null; truthSha256: string | null }>(
    `WITH flip AS (UPDATE "LeaderboardEntry" SET rank = -rank WHERE "phaseId" = $1 AND board = $2::"Board" AND rank < 0)
     SELECT abs(e.rank) AS rank, encode(${board === "PUBLIC" ? "s.replicates" : "ps.replicates"}, 'base64') AS replicates, s."truthSha256"
     FROM "LeaderboardEntry" e JOIN "Submission" s ON s.id = e."submissionId"
     ${board === "PUBLIC" ? "" : `LEFT JOIN "PrivateScore" ps ON ps."submissionId" = s.id`}
     WHERE e."phaseId" = $1 AND e.board = $2::"Board" ${read ? "AND abs(e.rank) = ANY($3::int[])" : ""} ORDER BY abs(e.rank)`,
    [phaseId, board, ...(read ? [read] : [])],
    { prepare: read !== undefined }, // a few entries (sql-transaction.ts)
  );
  const updates: { rank: number; low: number | null; high: number | null; p: number | null; tied: boolean | null }[] =
    [];
  let above: { rank: number; values: Float64Array; truthSha256: string | null } | undefined;
  for (const row of rows) {
    const values = row.replicates ? decodeReplicates(row.replicates) : undefined;
    if (!marked || marked.has(row.rank)) {
      const interval = values?.length ? percentileInterval(values.slice(), INTERVAL_LEVEL) : undefined;
      let p: number | null = null;
      let tied: boolean | null = null;
      if (
        values?.length &&
        above?.rank === row.rank - 1 &&
        above.truthSha256 === row.truthSha256 &&
        above.values.length === values.length
      ) {
        const c = compareReplicates(above.values, values, { level, higherIsBetter });
        if (c.resamples > 0) {
          p = c.probabilityABetter;
          const { low, high } = c.difference; // null: an infinite end
          tied = !((low !== null && low > 0) || (high !== null && high < 0));
        }
      }
      updates.push({
        rank: row.rank,
        low: roundScores(interval?.low ?? null, digits),
        high: roundScores(interval?.high ?? null, digits),
        p: roundScores(p, digits),
        tied,
      });
    }
    above = values?.length ? { rank: row.rank, values, truthSha256: row.truthSha256 } : undefined;
  }
  // One JSON text parameter: the driver passes arrays of numbers element by element, far slower.
  return JSON.stringify(updates);
}

/** SQL (a CTE of a WITH): writes the intervals and ties in the JSON parameter `json` to the board's entries. $1 the phase. */
export const markTiesSql = (board: Board, json: string) =>
  `ties AS (UPDATE "LeaderboardEntry" e SET low = u.low, high = u.high, "probabilityAboveBetter" = u.p, "tiedWithAbove" = u.tied
     FROM json_to_recordset(${json}::json) AS u(rank int, low float8, high float8, p float8, tied bool)
     WHERE e."phaseId" = $1 AND e.board = '${board}'::"Board" AND e.rank = u.rank)`;
