// How many scored submissions of a phase a board cannot rank, by reason (the
// same rules as the ranking SQL): kept per participant in LeaderboardUnranked
// by refresh-leaderboard.ts, recounted for the participants whose submissions
// changed, and summed into the board's state, so a read never scans the
// phase's submissions.
import type { Board } from "../db/generated/client.ts";
import { participantFilter } from "./board-sql.ts";
import { gatesSql } from "./gates.ts";
import { metricSql, withinBudgetSql } from "./metric-sql.ts";
import type { RankingRules } from "./ranking-rules.ts";

export interface UnrankedCounts {
  overBudget: number;
  failedGate: number;
  undefinedPrimary: number;
}

export const NONE_UNRANKED: UnrankedCounts = { overBudget: 0, failedGate: 0, undefinedPrimary: 0 };

/**
 * SQL (CTEs of a WITH): recounts the unranked submissions of the
 * participants (all, or the ids in the text[] parameter `only`) on the
 * board; their counts upserted, the rows of those with no scored submission
 * deleted. $1 the phase, $2… the metric keys (`unrankedKeys`).
 */
export function recountUnrankedSql(board: Board, rules: RankingRules, only?: string): string {
  const column = board === "PUBLIC" ? "s.scores" : "ps.scores";
  const within = withinBudgetSql("s.scores");
  const passes = gatesSql("s.scores", rules.gates);
  const undefinedPrimary = unrankedKeys(rules)
    .map((_, i) => `${metricSql(column, `$${i + 2}`)} IS NULL`)
    .join(" OR ");
  return `unranked_counts AS (
       SELECT s."userId",
              count(*) FILTER (WHERE NOT ${within})::int AS "overBudget",
              count(*) FILTER (WHERE ${within} AND NOT (${passes}))::int AS "failedGate",
              count(*) FILTER (WHERE ${within} AND ${passes} AND (${undefinedPrimary}))::int AS "undefinedPrimary"
       FROM "Submission" s ${board === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
       WHERE s."phaseId" = $1 AND s.status = 'SCORED'${participantFilter(`s."userId"`, only)}
       GROUP BY s."userId"),
     unranked_gone AS (DELETE FROM "LeaderboardUnranked" u WHERE u."phaseId" = $1 AND u.board = '${board}'::"Board"
               ${participantFilter(`u."userId"`, only)}
                AND NOT EXISTS (SELECT 1 FROM unranked_counts c WHERE c."userId" = u."userId")),
     unranked_kept AS (INSERT INTO "LeaderboardUnranked" ("phaseId", board, "userId", "overBudget", "failedGate", "undefinedPrimary")
       SELECT $1, '${board}'::"Board", "userId", "overBudget", "failedGate", "undefinedPrimary" FROM unranked_counts
       ON CONFLICT ("phaseId", board, "userId") DO UPDATE SET "overBudget" = EXCLUDED."overBudget",
         "failedGate" = EXCLUDED."failedGate", "undefinedPrimary" = EXCLUDED."undefinedPrimary")`;
}

/**
 * The metric keys recountUnrankedSql reads from $2 on: the primary metric, or
 * the task metrics of an average rank (undefined for a submission without a
 * value in some task).
 */
export const unrankedKeys = (rules: RankingRules): string[] =>
  rules.averageRank ? rules.averageRank.keys : [rules.primary];

/** SQL: the board's unranked submissions by reason as JSON, the sum of its participants'. $1 the phase. */
export const unrankedJsonSql = (board: Board) => `(SELECT jsonb_build_object(
    'overBudget', COALESCE(sum("overBudget"), 0)::int, 'failedGate', COALESCE(sum("failedGate"), 0)::int,
    'undefinedPrimary', COALESCE(sum("undefinedPrimary"), 0)::int)
  FROM "LeaderboardUnranked" WHERE "phaseId" = $1 AND board = '${board}'::"Board")`;
