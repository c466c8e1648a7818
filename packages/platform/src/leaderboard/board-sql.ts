// The SQL that says what a board ranks: each participant's best scored
// submission (public), or their best among their final selections (private),
// and the series of values a board's best-over-time plot follows. Shared by
// the full recomputation and the incremental refresh, which runs the same
// statements restricted to the participants whose submissions changed.
//
// Parameters: $1 the phase, $2 the primary metric key, $3 the secondary one,
// $4 the final selections a participant may make (private board only). A
// restriction to some participants reads their ids from the parameter named
// by `only` (e.g. "$5").
import type { Board } from "../db/generated/client.ts";
import { rankableSql } from "./gates.ts";
import { metricSql, rankingOrder } from "./metric-sql.ts";
import type { RankingRules } from "./ranking-rules.ts";

/** Which participants a statement reads: all, or those whose ids are in a text[] parameter. */
export type Participants = { only?: string };

/** SQL: " AND <column> = ANY(<only>)" when the statement reads some participants only, else nothing. */
export const participantFilter = (column: string, only: string | undefined) =>
  only ? ` AND ${column} = ANY(${only}::text[])` : "";

/** The parameters after $1 a board's statements take: the metric keys, and the private board's selection limit. */
export const boardParams = (board: Board, rules: RankingRules, finalSelections: number): unknown[] =>
  board === "PUBLIC" ? [rules.primary, rules.secondary] : [rules.primary, rules.secondary, finalSelections];

/**
 * The public board's candidates: every rankable SCORED submission with a
 * primary value. Columns: id, userId, createdAt, v1, v2 (the board's primary
 * and secondary values), n (the participant's scored submissions), last.
 * Failed, invalid and unscored submissions never count, nor do models over
 * the FPGA budget or submissions failing a gate (gates.ts).
 */
function publicCandidates(rules: RankingRules, who: Participants): string {
  return `SELECT id, "userId", "createdAt", v1, v2, count(*) OVER w AS n, max("createdAt") OVER w AS last
      FROM (SELECT s.id, s."userId", s."createdAt", ${primarySql("s.scores", rules)} AS v1, ${metricSql("s.scores", "$3")} AS v2
            FROM "Submission" s WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}${participantFilter(`s."userId"`, who.only)}) scored
      WHERE v1 IS NOT NULL
      WINDOW w AS (PARTITION BY "userId")`;
}

/**
 * The submissions the private board may rank: each participant's final
 * selections, or, when they selected none, their $4 best by the public
 * ranking (Kaggle's rule). Columns as publicCandidates, v1 and v2 being the
 * private scores. The board and its best-over-time plot both read this, so
 * the plot counts exactly what the table ranks.
 */
function privateCandidates(rules: RankingRules, who: Participants): string {
  const publicOrder = rankingOrder(rules.primaryDesc, rules.secondaryDesc, "p1", "p2", `"createdAt"`, "id");
  return `SELECT id, "userId", "createdAt", v1, v2, n, last FROM (
        SELECT *, bool_or("selectedAt" IS NOT NULL) OVER w AS "hasSelection",
               ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY ${publicOrder}) AS "publicOrder",
               count(*) OVER w AS n, max("createdAt") OVER w AS last
        FROM (SELECT s.id, s."userId", s."createdAt", s."selectedAt",
                     ${primarySql("s.scores", rules)} AS p1, ${metricSql("s.scores", "$3")} AS p2,
                     ${primarySql("ps.scores", rules)} AS v1, ${metricSql("ps.scores", "$3")} AS v2
              FROM "Submission" s JOIN "PrivateScore" ps ON ps."submissionId" = s.id
              WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}${participantFilter(`s."userId"`, who.only)}) scored
        WHERE p1 IS NOT NULL AND v1 IS NOT NULL
        WINDOW w AS (PARTITION BY "userId")
      ) ranked
      WHERE CASE WHEN "hasSelection" THEN "selectedAt" IS NOT NULL ELSE "publicOrder" <= $4 END`;
}

/** What a board ranks and plots (columns: id, userId, createdAt, v1, v2, n, last). */
export const candidatesSql = (board: Board, rules: RankingRules, who: Participants) =>
  board === "PUBLIC" ? publicCandidates(rules, who) : privateCandidates(rules, who);

/** The board's ranking order over columns of the given names. */
export const boardOrder = (rules: RankingRules, v1: string, v2: string, createdAt: string, id: string) =>
  rankingOrder(rules.primaryDesc, rules.secondaryDesc, v1, v2, createdAt, id);

const ENTRY_COLUMNS = `"phaseId", board, rank, "userId", "submissionId", "primary", secondary, submissions, "lastSubmittedAt", "submittedAt"`;

/** Each participant's best candidate (columns as candidatesSql). */
const bestSql = (board: Board, rules: RankingRules, who: Participants) =>
  `SELECT DISTINCT ON ("userId") id, "userId", "createdAt", v1, v2, n, last
   FROM (${candidatesSql(board, rules, who)}) candidates
   ORDER BY "userId", ${boardOrder(rules, "v1", "v2", `"createdAt"`, "id")}`;

/** Inserts every participant's best candidate as the board's entry, ranked 1..n. */
export function insertEntriesSql(board: Board, rules: RankingRules): string {
  const order = boardOrder(rules, "v1", "v2", `"createdAt"`, "id");
  return `INSERT INTO "LeaderboardEntry" (${ENTRY_COLUMNS})
    SELECT $1, '${board}'::"Board", ROW_NUMBER() OVER (ORDER BY ${order}), "userId", id, v1, v2, n, last, "createdAt"
    FROM (${bestSql(board, rules, {})}) best`;
}

/**
 * Replaces the entries of the participants in `only` with their best
 * candidates, in one statement: every entry's new rank is computed over the
 * others' entries and their new ones; entries whose rank changes are written
 * at its negative (no two rows ever hold one rank; marking the ties turns
 * them back, intervals-and-ties.ts); entries of participants with nothing left to rank are deleted, and
 * the replaced ones' intervals and ties are cleared for marking. Returns the
 * new ranks of the replaced entries (moved) and of the entries that sat just
 * below one of their old ones, whose tie compared with an entry that moved.
 */
export function replaceEntriesSql(board: Board, rules: RankingRules, only: string): string {
  const b = `'${board}'::"Board"`;
  return `WITH best AS (${bestSql(board, rules, { only })}),
    old AS (SELECT "userId", rank, "primary" AS v1, secondary AS v2, "submittedAt" AS "createdAt", "submissionId" AS id
            FROM "LeaderboardEntry" WHERE "phaseId" = $1 AND board = ${b}),
    kept AS (SELECT * FROM old WHERE NOT ("userId" = ANY(${only}::text[]))),
    ranked AS MATERIALIZED (
      SELECT "userId", rank, ROW_NUMBER() OVER (ORDER BY ${boardOrder(rules, "v1", "v2", `"createdAt"`, "id")}) AS nr
      FROM (SELECT "userId", rank, v1, v2, "createdAt", id FROM kept
            UNION ALL SELECT "userId", NULL, v1, v2, "createdAt", id FROM best) entries),
    gone AS (DELETE FROM "LeaderboardEntry" e
             WHERE e."phaseId" = $1 AND e.board = ${b} AND e."userId" = ANY(${only}::text[])
               AND NOT EXISTS (SELECT 1 FROM best WHERE best."userId" = e."userId")),
    replaced AS (INSERT INTO "LeaderboardEntry" (${ENTRY_COLUMNS})
             SELECT $1, ${b}, -r.nr, best."userId", best.id, best.v1, best.v2, best.n, best.last, best."createdAt"
             FROM best JOIN ranked r ON r."userId" = best."userId"
             ON CONFLICT ("phaseId", board, "userId") DO UPDATE SET rank = EXCLUDED.rank,
               "submissionId" = EXCLUDED."submissionId", "primary" = EXCLUDED."primary", secondary = EXCLUDED.secondary,
               submissions = EXCLUDED.submissions, "lastSubmittedAt" = EXCLUDED."lastSubmittedAt", "submittedAt" = EXCLUDED."submittedAt",
               low = NULL, high = NULL, "probabilityAboveBetter" = NULL, "tiedWithAbove" = NULL),
    shifted AS (UPDATE "LeaderboardEntry" e SET rank = -r.nr FROM ranked r
             WHERE e."phaseId" = $1 AND e.board = ${b} AND e."userId" = r."userId" AND r.rank IS NOT NULL AND r.rank <> r.nr)
    SELECT r.nr::int AS rank, r.rank IS NULL AS moved FROM ranked r
    WHERE r.rank IS NULL OR r.rank IN (SELECT o.rank + 1 FROM old o WHERE o."userId" = ANY(${only}::text[]))`;
}

/**
 * The primary value of a submission `s` from the scores in `column` (s.scores
 * for the public board, ps.scores for the private one): the metric ($2), or
 * the average rank staged for a full recomputation (stage-average-ranks.ts).
 */
export function primarySql(column: string, rules: RankingRules): string {
  if (!rules.averageRank) return metricSql(column, "$2");
  const board = column.startsWith("ps.") ? "PRIVATE" : "PUBLIC";
  return `(SELECT a.v FROM pg_temp.board_average_rank a WHERE a.id = s.id AND a.board = '${board}' AND a.metric = $2)`;
}
