// How many scored submissions of a phase a board cannot rank, by reason (the
// same rules as the ranking SQL): materialised with the board by
// refresh-leaderboard.ts, so a read never scans the phase's submissions.
import type { Prisma } from "../db/generated/client.ts";
import { gatesSql } from "./gates.ts";
import { metricSql, withinBudgetSql } from "./metric-sql.ts";
import type { RankingRules } from "./ranking-rules.ts";

export interface UnrankedCounts {
  overBudget: number;
  failedGate: number;
  undefinedPrimary: number;
}

export const NONE_UNRANKED: UnrankedCounts = { overBudget: 0, failedGate: 0, undefinedPrimary: 0 };

/** How many scored submissions of the phase the board cannot rank, by reason (the same rules as the ranking SQL). */
export async function unrankedCounts(
  db: Pick<Prisma.TransactionClient, "$queryRawUnsafe">,
  phaseId: string,
  board: "PUBLIC" | "PRIVATE",
  rules: RankingRules,
): Promise<UnrankedCounts> {
  const column = board === "PUBLIC" ? "s.scores" : "ps.scores";
  const within = withinBudgetSql("s.scores");
  const passes = gatesSql("s.scores", rules.gates);
  // The average rank is undefined for a submission without a value in some task.
  const keys = rules.averageRank ? rules.averageRank.keys : [rules.primary];
  const undefinedPrimary = keys.map((_, i) => `${metricSql(column, `$${i + 2}`)} IS NULL`).join(" OR ");
  const [row] = await db.$queryRawUnsafe<UnrankedCounts[]>(
    `SELECT count(*) FILTER (WHERE NOT ${within})::int AS "overBudget",
            count(*) FILTER (WHERE ${within} AND NOT (${passes}))::int AS "failedGate",
            count(*) FILTER (WHERE ${within} AND ${passes} AND (${undefinedPrimary}))::int AS "undefinedPrimary"
     FROM "Submission" s ${board === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
     WHERE s."phaseId" = $1 AND s.status = 'SCORED'`,
    phaseId,
    ...keys,
  );
  return row ?? NONE_UNRANKED;
}
