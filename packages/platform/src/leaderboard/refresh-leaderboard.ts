// Materialises a phase's leaderboards (LeaderboardEntry, LeaderboardState):
// the ranking in SQL, then the bootstrap intervals and statistical ties from
// the stored replicates. Run after every change to the phase's scores (the
// scorer after each result, rescoring, final selections, settings) and by
// the scorer's sweeper for any phase whose results are newer than its board;
// readers only ever read the materialised rows, which stay consistent
// because each refresh replaces them in one transaction.
import { readMetricColumns } from "../scorers/stored-results.ts";
import { compareReplicates, decodeReplicates } from "@unblind/scoring/metrics/paired-replicates.ts";
import { percentileInterval } from "@unblind/scoring/metrics/bootstrap.ts";
import type { Board, Prisma } from "../db/generated/client.ts";
import type { Db } from "../db/client.ts";
import { roundScores } from "./round-scores.ts";
import { metricSql, rankableSql, rankingOrder } from "./metric-sql.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The central interval shown next to each entry. */
export const INTERVAL_LEVEL = 0.68;

interface RankingRules {
  primaryDesc: boolean;
  secondaryDesc: boolean;
}

export async function refreshLeaderboard(db: Db, phaseId: string): Promise<void> {
  await db.$transaction(
    async (tx) => {
      // One refresh per phase at a time; readers keep the previous board until commit.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`leaderboard:${phaseId}`}))`;
      const phase = await tx.phase.findUnique({
        where: { id: phaseId },
        select: {
          kind: true,
          publicFraction: true,
          finalSelections: true,
          tieConfidence: true,
          scoreDigits: true,
          challenge: { select: { primaryMetric: true, higherIsBetter: true, secondaryMetric: true, metrics: true } },
        },
      });
      if (phase?.kind !== "STANDARD") return;
      const { primaryMetric, higherIsBetter, secondaryMetric, metrics } = phase.challenge;
      const secondary = readMetricColumns(metrics).find((m) => m.key === secondaryMetric);
      const rules: RankingRules = { primaryDesc: higherIsBetter, secondaryDesc: secondary?.higherIsBetter ?? true };
      const keys = [primaryMetric, secondary ? secondary.key : ""];
      await tx.leaderboardEntry.deleteMany({ where: { phaseId } });
      await tx.$executeRawUnsafe(publicRanking(rules), phaseId, ...keys);
      const boards: Board[] = ["PUBLIC"];
      if (phase.publicFraction !== null) {
        await tx.$executeRawUnsafe(privateRanking(rules), phaseId, ...keys, phase.finalSelections);
        boards.push("PRIVATE");
      } else {
        await tx.leaderboardState.deleteMany({ where: { phaseId, board: "PRIVATE" } });
      }
      for (const board of boards) {
        // The public board's intervals are rounded like its scores: printed at
        // full precision beside a rounded score they would undo the rounding.
        const digits = board === "PUBLIC" ? phase.scoreDigits : null;
        await markIntervalsAndTies(tx, phaseId, board, { level: phase.tieConfidence, higherIsBetter, digits });
        const progression = await bestOverTime(tx, phaseId, board, keys as [string, string], {
          ...rules,
          finalSelections: phase.finalSelections,
        });
        const state = { computedAt: new Date(), progression: progression as unknown as Prisma.InputJsonValue };
        await tx.leaderboardState.upsert({
          where: { phaseId_board: { phaseId, board } },
          create: { phaseId, board, ...state },
          update: state,
        });
      }
    },
    { timeout: 120_000 },
  );
}

const INSERT = `INSERT INTO "LeaderboardEntry" ("phaseId", board, rank, "userId", "submissionId", "primary", secondary, submissions, "lastSubmittedAt")`;

/**
 * Each participant's best SCORED submission by the public scores ($2 primary,
 * $3 secondary metric key); failed, invalid and unscored ones never count,
 * nor do models over the FPGA budget.
 */
function publicRanking({ primaryDesc, secondaryDesc }: RankingRules): string {
  const order = rankingOrder(primaryDesc, secondaryDesc, "m1", "m2", `"createdAt"`, "id");
  return `${INSERT}
    SELECT $1, 'PUBLIC'::"Board", ROW_NUMBER() OVER (ORDER BY ${order}), "userId", id, m1, m2, n, last
    FROM (
      SELECT DISTINCT ON ("userId") id, "userId", "createdAt", m1, m2, count(*) OVER w AS n, max("createdAt") OVER w AS last
      FROM (SELECT s.id, s."userId", s."createdAt", ${metricSql("s.scores", "$2")} AS m1, ${metricSql("s.scores", "$3")} AS m2
            FROM "Submission" s WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores")}) scored
      WHERE m1 IS NOT NULL
      WINDOW w AS (PARTITION BY "userId")
      ORDER BY "userId", ${order}
    ) best`;
}

/**
 * The submissions the private board may rank: each participant's final
 * selections, or, when they selected none, their $4 best by the public
 * ranking (Kaggle's rule). Columns: id, userId, createdAt, q1, q2 (private
 * primary and secondary), n, last. The board and its best-over-time plot both
 * read this, so the plot counts exactly what the table ranks.
 */
function privateCandidates({ primaryDesc, secondaryDesc }: RankingRules): string {
  const publicOrder = rankingOrder(primaryDesc, secondaryDesc, "p1", "p2", `"createdAt"`, "id");
  return `SELECT id, "userId", "createdAt", q1, q2, n, last FROM (
        SELECT *, bool_or("selectedAt" IS NOT NULL) OVER w AS "hasSelection",
               ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY ${publicOrder}) AS "publicOrder",
               count(*) OVER w AS n, max("createdAt") OVER w AS last
        FROM (SELECT s.id, s."userId", s."createdAt", s."selectedAt",
                     ${metricSql("s.scores", "$2")} AS p1, ${metricSql("s.scores", "$3")} AS p2,
                     ${metricSql("ps.scores", "$2")} AS q1, ${metricSql("ps.scores", "$3")} AS q2
              FROM "Submission" s JOIN "PrivateScore" ps ON ps."submissionId" = s.id
              WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores")}) scored
        WHERE p1 IS NOT NULL AND q1 IS NOT NULL
        WINDOW w AS (PARTITION BY "userId")
      ) ranked
      WHERE CASE WHEN "hasSelection" THEN "selectedAt" IS NOT NULL ELSE "publicOrder" <= $4 END`;
}

/** The private leaderboard: each participant's best private score among their candidates (privateCandidates). */
function privateRanking(rules: RankingRules): string {
  const privateOrder = rankingOrder(rules.primaryDesc, rules.secondaryDesc, "q1", "q2", `"createdAt"`, "id");
  return `${INSERT}
    SELECT $1, 'PRIVATE'::"Board", ROW_NUMBER() OVER (ORDER BY ${privateOrder}), "userId", id, q1, q2, n, last
    FROM (
      SELECT DISTINCT ON ("userId") id, "userId", "createdAt", q1, q2, n, last
      FROM (${privateCandidates(rules)}) candidates
      ORDER BY "userId", ${privateOrder}
    ) best`;
}

/**
 * Each entry's 68 % percentile interval from its replicates, and the paired
 * bootstrap against the entry above it: tied when the `level` interval of the
 * difference holds zero. Entries scored against different truth versions,
 * or without replicates, get no comparison (null).
 */
async function markIntervalsAndTies(
  tx: Tx,
  phaseId: string,
  board: Board,
  { level, higherIsBetter, digits }: { level: number; higherIsBetter: boolean; digits: number | null },
): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ rank: number; replicates: Uint8Array | null; truthFileId: string | null }[]>(
    `SELECT e.rank, ${board === "PUBLIC" ? "s.replicates" : "ps.replicates"} AS replicates, s."truthFileId"
     FROM "LeaderboardEntry" e JOIN "Submission" s ON s.id = e."submissionId" LEFT JOIN "PrivateScore" ps ON ps."submissionId" = s.id
     WHERE e."phaseId" = $1 AND e.board = $2::"Board" ORDER BY e.rank`,
    phaseId,
    board,
  );
  const ranks: number[] = [];
  const lows: (number | null)[] = [];
  const highs: (number | null)[] = [];
  const probabilities: (number | null)[] = [];
  const ties: (boolean | null)[] = [];
  let above: { values: Float64Array; truthFileId: string | null } | undefined;
  for (const row of rows) {
    const values = row.replicates ? decodeReplicates(row.replicates) : undefined;
    const interval = values?.length ? percentileInterval(values.slice(), INTERVAL_LEVEL) : undefined;
    let p: number | null = null;
    let tied: boolean | null = null;
    if (values?.length && above && above.truthFileId === row.truthFileId && above.values.length === values.length) {
      const c = compareReplicates(above.values, values, { level, higherIsBetter });
      if (c.resamples > 0) {
        p = c.probabilityABetter;
        const { low, high } = c.difference; // null: an infinite end
        tied = !((low !== null && low > 0) || (high !== null && high < 0));
      }
    }
    ranks.push(row.rank);
    lows.push(roundScores(interval?.low ?? null, digits));
    highs.push(roundScores(interval?.high ?? null, digits));
    probabilities.push(roundScores(p, digits));
    ties.push(tied);
    above = values?.length ? { values, truthFileId: row.truthFileId } : undefined;
  }
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE "LeaderboardEntry" e SET low = u.low, high = u.high, "probabilityAboveBetter" = u.p, "tiedWithAbove" = u.tied
     FROM unnest($3::int[], $4::float8[], $5::float8[], $6::float8[], $7::bool[]) AS u(rank, low, high, p, tied)
     WHERE e."phaseId" = $1 AND e.board = $2::"Board" AND e.rank = u.rank`,
    phaseId,
    board,
    ranks,
    lows,
    highs,
    probabilities,
    ties,
  );
}

export interface ProgressionPoint {
  /** ISO time of the submission that improved the best score. */
  t: string;
  /** null for an unbounded (+∞) value. */
  value: number | null;
  participant: string;
}

/** Every time the best score of the phase improved, in submission order (the improvements are picked in SQL). */
async function bestOverTime(
  tx: Tx,
  phaseId: string,
  board: Board,
  keys: [primary: string, secondary: string],
  rules: RankingRules & { finalSelections: number },
): Promise<ProgressionPoint[]> {
  // What the board ranks: every rankable scored submission (public), or the private candidates.
  const scored =
    board === "PUBLIC"
      ? `SELECT s."createdAt" AS t, s.id, s."userId", ${metricSql("s.scores", "$2")} AS value
         FROM "Submission" s WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores")}`
      : `SELECT "createdAt" AS t, id, "userId", q1 AS value FROM (${privateCandidates(rules)}) candidates`;
  const best = rules.primaryDesc ? "max" : "min";
  const rows = await tx.$queryRawUnsafe<{ t: Date; value: number; participant: string }[]>(
    `SELECT t, value, participant FROM (
       SELECT t, id, value, "userId", ${best}(value) OVER (ORDER BY t, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
       FROM (${scored}) scored
       WHERE value IS NOT NULL) running
     JOIN LATERAL (SELECT COALESCE(u.name, split_part(u.email, '@', 1)) AS participant FROM "User" u WHERE u.id = running."userId") who ON true
     WHERE before IS NULL OR value ${rules.primaryDesc ? ">" : "<"} before
     ORDER BY t, id`,
    phaseId,
    ...(board === "PUBLIC" ? [keys[0]] : [keys[0], keys[1], rules.finalSelections]),
  );
  return rows.map((r) => ({
    t: r.t.toISOString(),
    value: Number.isFinite(r.value) ? r.value : null,
    participant: r.participant,
  }));
}

/** Phases whose results are newer than their materialised board (the sweeper refreshes them). */
export async function staleLeaderboards(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM "Phase" p
    LEFT JOIN "LeaderboardState" st ON st."phaseId" = p.id AND st.board = 'PUBLIC'
    WHERE p.kind = 'STANDARD' AND EXISTS (
      SELECT 1 FROM "Submission" s WHERE s."phaseId" = p.id AND s."finishedAt" > COALESCE(st."computedAt", '-infinity'::timestamp))`;
  return rows.map((r) => r.id);
}
