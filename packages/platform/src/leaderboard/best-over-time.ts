// A board's best score over time, kept so that a refresh touches only the
// participants whose submissions changed. Every time the board's best
// improved, some participant improved their own best, so the board's
// improvements are the improvements among the participants' own ones:
// LeaderboardRecord keeps each participant's, recomputed for them alone, and
// the board's are read from those few rows instead of every submission.
import type { Board } from "../db/generated/client.ts";
import { candidatesSql, participantFilter } from "./board-sql.ts";
import type { RankingRules } from "./ranking-rules.ts";

export interface ProgressionPoint {
  /** ISO time of the submission that improved the best score. */
  t: string;
  /** null for an unbounded (+∞) value. */
  value: number | null;
  participant: string;
}

/**
 * SQL (CTEs of a WITH, then its final SELECT): replaces the improvements of
 * the participants (all, or the ids in the text[] parameter `only`) on the
 * board: the candidates the board ranks, in submission order, that beat
 * every earlier one of the same participant. Their rows are upserted, and
 * those no longer an improvement deleted; the SELECT says whether any row
 * changed (if none did, neither did the board's best over time). Parameters
 * as board-sql.ts.
 */
export function keepRecordsSql(board: Board, rules: RankingRules, only?: string): { ctes: string; changed: string } {
  const best = rules.primaryDesc ? "max" : "min";
  return {
    ctes: `records AS (
       SELECT id, "userId", "createdAt", v1 FROM (
         SELECT id, "userId", "createdAt", v1,
                ${best}(v1) OVER (PARTITION BY "userId" ORDER BY "createdAt", id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
         FROM (${candidatesSql(board, rules, { only })}) candidates) running
       WHERE before IS NULL OR v1 ${rules.primaryDesc ? ">" : "<"} before),
     records_gone AS (DELETE FROM "LeaderboardRecord" r WHERE r."phaseId" = $1 AND r.board = '${board}'::"Board"
               ${participantFilter(`r."userId"`, only)}
                AND NOT EXISTS (SELECT 1 FROM records WHERE records.id = r."submissionId")
              RETURNING 1),
     records_kept AS (INSERT INTO "LeaderboardRecord" AS r ("phaseId", board, "userId", "submissionId", "createdAt", value)
              SELECT $1, '${board}'::"Board", "userId", id, "createdAt", v1 FROM records
              ON CONFLICT ("phaseId", board, "submissionId") DO UPDATE SET
                "userId" = EXCLUDED."userId", "createdAt" = EXCLUDED."createdAt", value = EXCLUDED.value
              WHERE (r."userId", r."createdAt", r.value) IS DISTINCT FROM (EXCLUDED."userId", EXCLUDED."createdAt", EXCLUDED.value)
              RETURNING 1)`,
    changed: `SELECT EXISTS (SELECT 1 FROM records_gone) OR EXISTS (SELECT 1 FROM records_kept) AS changed`,
  };
}

/**
 * SQL: the board's best over time as a JSON array of ProgressionPoint, from
 * the participants' own improvements (every time the board's best improved,
 * in submission order). $1 the phase.
 */
export function progressionJsonSql(board: Board, primaryDesc: boolean): string {
  return `(SELECT COALESCE(jsonb_agg(jsonb_build_object(
              't', to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'value', CASE WHEN value IN ('Infinity'::float8, '-Infinity'::float8) THEN NULL ELSE value END,
              'participant', COALESCE(u.name, split_part(u.email, '@', 1))) ORDER BY running.t, running.id), '[]'::jsonb)
     FROM (SELECT r."createdAt" AS t, r."submissionId" AS id, r.value, r."userId",
                  ${primaryDesc ? "max" : "min"}(r.value) OVER (ORDER BY r."createdAt", r."submissionId" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
           FROM "LeaderboardRecord" r WHERE r."phaseId" = $1 AND r.board = '${board}'::"Board") running
     JOIN "User" u ON u.id = running."userId"
     WHERE before IS NULL OR value ${primaryDesc ? ">" : "<"} before)`;
}
