// How many scored submissions of a phase a board cannot rank, by reason (the
// same rules as the ranking SQL): kept per participant in LeaderboardUnranked
// by refresh-leaderboard.ts, recounted for the participants whose submissions
// changed, and summed into the board's state, so a read never scans the
// phase's submissions.
import type { Board } from "../db/generated/client.ts";
import type { Tx } from "../db/client.ts";
import { gatesSql } from "./gates.ts";
import { metricSql, withinBudgetSql } from "./metric-sql.ts";
import type { RankingRules } from "./ranking-rules.ts";

export interface UnrankedCounts {
  overBudget: number;
  failedGate: number;
  undefinedPrimary: number;
}

export const NONE_UNRANKED: UnrankedCounts = { overBudget: 0, failedGate: 0, undefinedPrimary: 0 };

/** Recounts the unranked submissions of the participants (all, or the ids in `users`) on the board. */
export async function countUnranked(
  tx: Tx,
  phaseId: string,
  board: Board,
  rules: RankingRules,
  users?: string[],
): Promise<void> {
  const column = board === "PUBLIC" ? "s.scores" : "ps.scores";
  const within = withinBudgetSql("s.scores");
  const passes = gatesSql("s.scores", rules.gates);
  // The average rank is undefined for a submission without a value in some task.
  const keys = rules.averageRank ? rules.averageRank.keys : [rules.primary];
  const undefinedPrimary = keys.map((_, i) => `${metricSql(column, `$${i + 2}`)} IS NULL`).join(" OR ");
  const only = users ? `$${keys.length + 2}` : undefined;
  // One statement: the participants' counts are upserted, and the rows of those with no scored submission deleted.
  await tx.$executeRawUnsafe(
    `WITH counts AS (
       SELECT s."userId",
              count(*) FILTER (WHERE NOT ${within})::int AS "overBudget",
              count(*) FILTER (WHERE ${within} AND NOT (${passes}))::int AS "failedGate",
              count(*) FILTER (WHERE ${within} AND ${passes} AND (${undefinedPrimary}))::int AS "undefinedPrimary"
       FROM "Submission" s ${board === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
       WHERE s."phaseId" = $1 AND s.status = 'SCORED'${only ? ` AND s."userId" = ANY(${only}::text[])` : ""}
       GROUP BY s."userId"),
     gone AS (DELETE FROM "LeaderboardUnranked" u WHERE u."phaseId" = $1 AND u.board = '${board}'::"Board"
                ${only ? `AND u."userId" = ANY(${only}::text[])` : ""}
                AND NOT EXISTS (SELECT 1 FROM counts WHERE counts."userId" = u."userId"))
     INSERT INTO "LeaderboardUnranked" ("phaseId", board, "userId", "overBudget", "failedGate", "undefinedPrimary")
     SELECT $1, '${board}'::"Board", "userId", "overBudget", "failedGate", "undefinedPrimary" FROM counts
     ON CONFLICT ("phaseId", board, "userId") DO UPDATE SET "overBudget" = EXCLUDED."overBudget",
       "failedGate" = EXCLUDED."failedGate", "undefinedPrimary" = EXCLUDED."undefinedPrimary"`,
    phaseId,
    ...keys,
    ...(users ? [users] : []),
  );
}

/** SQL: the board's unranked submissions by reason as JSON, the sum of its participants'. $1 the phase. */
export const unrankedJsonSql = (board: Board) => `(SELECT jsonb_build_object(
    'overBudget', COALESCE(sum("overBudget"), 0)::int, 'failedGate', COALESCE(sum("failedGate"), 0)::int,
    'undefinedPrimary', COALESCE(sum("undefinedPrimary"), 0)::int)
  FROM "LeaderboardUnranked" WHERE "phaseId" = $1 AND board = '${board}'::"Board")`;
