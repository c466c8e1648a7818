import { accessOf, visibleChallenge } from "../challenges/challenge-access.ts";
import type { Caller, Platform } from "../platform.ts";

export interface LeaderboardRow {
  rank: number;
  submissionId: string;
  participant: string;
  scores: Record<string, unknown>;
  submittedAt: Date;
}

/**
 * Each participant's best scored submission, ranked by the challenge's primary
 * metric in the database. Ties go to the earlier submission. Only SCORED
 * submissions with a numeric primary metric are ranked; black-box answers
 * have their own results page and are never ranked here.
 */
export async function getLeaderboard({ db }: Platform, caller: Caller, slug: string) {
  const { challenge } = await visibleChallenge(db, await accessOf(db, caller), { slug }, { id: true, title: true, metrics: true, primaryMetric: true, higherIsBetter: true });
  const direction = challenge.higherIsBetter ? "DESC" : "ASC";
  // The metric key comes from the challenge definition, not from the caller;
  // it is still passed as a bound parameter.
  const rows = await db.$queryRawUnsafe<{ id: string; participant: string; scores: Record<string, unknown>; createdAt: Date }[]>(
    `SELECT id, participant, scores, "createdAt" FROM (
       SELECT DISTINCT ON (s."userId") s.id, COALESCE(u.name, split_part(u.email, '@', 1)) AS participant, s.scores, s."createdAt",
              (s.scores->>$2)::float8 AS metric
       FROM "Submission" s JOIN "User" u ON u.id = s."userId"
         JOIN "Phase" p ON p.id = s."phaseId" AND p.kind = 'STANDARD'
       WHERE s."challengeId" = $1 AND s.status = 'SCORED' AND jsonb_typeof(s.scores->$2) = 'number'
       ORDER BY s."userId", (s.scores->>$2)::float8 ${direction}, s."createdAt" ASC
     ) best
     ORDER BY metric ${direction}, "createdAt" ASC`,
    challenge.id,
    challenge.primaryMetric,
  );
  return {
    title: challenge.title,
    /** The metric columns, as the challenge package defines them. */
    metrics: challenge.metrics,
    primaryMetric: challenge.primaryMetric,
    higherIsBetter: challenge.higherIsBetter,
    rows: rows.map((r, i): LeaderboardRow => ({ rank: i + 1, submissionId: r.id, participant: r.participant, scores: r.scores, submittedAt: r.createdAt })),
  };
}
