// Materialises a phase's leaderboards (LeaderboardEntry, LeaderboardState):
// the ranking in SQL, then the bootstrap intervals and statistical ties from
// the stored replicates. Run after every change to the phase's scores (the
// scorer after each result, rescoring, final selections, settings) and by
// the scorer's sweeper for any phase whose results are newer than its board;
// readers only ever read the materialised rows, which stay consistent
// because each refresh replaces them in one transaction.
//
// Refreshes coalesce: one runs per phase at a time, and a call that finds a
// refresh begun after it was made returns at once (that refresh read every
// result committed before the call). So a burst of scores at a deadline
// costs one refresh per refresh's duration, not one per score, and each
// caller still returns only once its result is on the board.
import { compareReplicates, decodeReplicates } from "@unblind/scoring/metrics/paired-replicates.ts";
import { percentileInterval } from "@unblind/scoring/metrics/bootstrap.ts";
import type { Board, Prisma } from "../db/generated/client.ts";
import type { Db } from "../db/client.ts";
import { roundScores } from "./round-scores.ts";
import { averageRanks } from "@unblind/scoring/metrics/average-rank.ts";
import { metricSql, rankingOrder } from "./metric-sql.ts";
import { rankableSql } from "./gates.ts";
import { type RankingRules, rankingRulesOf } from "./ranking-rules.ts";
import { unrankedCounts } from "./unranked-counts.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The central interval shown next to each entry. */
export const INTERVAL_LEVEL = 0.68;

export async function refreshLeaderboard(db: Db, phaseId: string): Promise<"refreshed" | "covered"> {
  // The moment of the request on the database's clock, to the microsecond (kept as text: a Date would round it).
  const [{ at }] = await db.$queryRaw<{ at: string }[]>`SELECT clock_timestamp()::text AS at`;
  return db.$transaction(
    async (tx) => {
      // One refresh per phase at a time; readers keep the previous board until commit.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`leaderboard:${phaseId}`}))`;
      // A refresh that began after this request read everything committed before it: nothing left to do.
      const [covered] = await tx.$queryRaw<{ yes: boolean }[]>`
        SELECT "refreshedFrom" >= ${at}::timestamptz AS yes FROM "LeaderboardState"
        WHERE "phaseId" = ${phaseId} AND board = 'PUBLIC'`;
      if (covered?.yes) return "covered";
      // From here every statement sees what was committed before this moment.
      const [{ from }] = await tx.$queryRaw<{ from: string }[]>`SELECT clock_timestamp()::text AS from`;
      const phase = await tx.phase.findUnique({
        where: { id: phaseId },
        select: {
          kind: true,
          primaryMetric: true,
          publicFraction: true,
          finalSelections: true,
          tieConfidence: true,
          scoreDigits: true,
          challenge: {
            select: {
              primaryMetric: true,
              higherIsBetter: true,
              secondaryMetric: true,
              metrics: true,
              gates: true,
              scorer: true,
              scoringConfig: true,
            },
          },
        },
      });
      if (phase?.kind !== "STANDARD" && phase?.kind !== "CODE") return "refreshed";
      const rules = rankingRulesOf(phase.challenge, phase);
      const keys = [rules.primary, rules.secondary];
      if (rules.averageRank) await stageAverageRanks(tx, phaseId, rules);
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
        await markIntervalsAndTies(tx, phaseId, board, {
          level: phase.tieConfidence,
          higherIsBetter: rules.primaryDesc,
          digits,
        });
        const progression = await bestOverTime(tx, phaseId, board, keys as [string, string], {
          ...rules,
          finalSelections: phase.finalSelections,
        });
        const state = {
          computedAt: new Date(),
          progression: progression as unknown as Prisma.InputJsonValue,
          total: await tx.leaderboardEntry.count({ where: { phaseId, board } }),
          unranked: (await unrankedCounts(tx, phaseId, board, rules)) as unknown as Prisma.InputJsonValue,
        };
        await tx.leaderboardState.upsert({
          where: { phaseId_board: { phaseId, board } },
          create: { phaseId, board, ...state },
          update: state,
        });
      }
      await tx.$executeRaw`UPDATE "LeaderboardState" SET "refreshedFrom" = ${from}::timestamptz
        WHERE "phaseId" = ${phaseId} AND board = 'PUBLIC'`;
      return "refreshed";
    },
    { timeout: 120_000 },
  );
}

const INSERT = `INSERT INTO "LeaderboardEntry" ("phaseId", board, rank, "userId", "submissionId", "primary", secondary, submissions, "lastSubmittedAt")`;

/**
 * Each participant's best SCORED submission by the public scores ($2 primary,
 * $3 secondary metric key); failed, invalid and unscored ones never count,
 * nor do models over the FPGA budget or submissions failing a gate (gates.ts).
 */
function publicRanking(rules: RankingRules): string {
  const order = rankingOrder(rules.primaryDesc, rules.secondaryDesc, "m1", "m2", `"createdAt"`, "id");
  return `${INSERT}
    SELECT $1, 'PUBLIC'::"Board", ROW_NUMBER() OVER (ORDER BY ${order}), "userId", id, m1, m2, n, last
    FROM (
      SELECT DISTINCT ON ("userId") id, "userId", "createdAt", m1, m2, count(*) OVER w AS n, max("createdAt") OVER w AS last
      FROM (SELECT s.id, s."userId", s."createdAt", ${primarySql("s.scores", rules)} AS m1, ${metricSql("s.scores", "$3")} AS m2
            FROM "Submission" s WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}) scored
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
function privateCandidates(rules: RankingRules): string {
  const publicOrder = rankingOrder(rules.primaryDesc, rules.secondaryDesc, "p1", "p2", `"createdAt"`, "id");
  return `SELECT id, "userId", "createdAt", q1, q2, n, last FROM (
        SELECT *, bool_or("selectedAt" IS NOT NULL) OVER w AS "hasSelection",
               ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY ${publicOrder}) AS "publicOrder",
               count(*) OVER w AS n, max("createdAt") OVER w AS last
        FROM (SELECT s.id, s."userId", s."createdAt", s."selectedAt",
                     ${primarySql("s.scores", rules)} AS p1, ${metricSql("s.scores", "$3")} AS p2,
                     ${primarySql("ps.scores", rules)} AS q1, ${metricSql("ps.scores", "$3")} AS q2
              FROM "Submission" s JOIN "PrivateScore" ps ON ps."submissionId" = s.id
              WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}) scored
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
  // The replicates travel as base64 text: the driver hands bytea over byte by byte, ten times slower.
  const rows = await tx.$queryRawUnsafe<{ rank: number; replicates: string | null; truthSha256: string | null }[]>(
    `SELECT e.rank, encode(${board === "PUBLIC" ? "s.replicates" : "ps.replicates"}, 'base64') AS replicates, s."truthSha256"
     FROM "LeaderboardEntry" e JOIN "Submission" s ON s.id = e."submissionId"
     ${board === "PUBLIC" ? "" : `LEFT JOIN "PrivateScore" ps ON ps."submissionId" = s.id`}
     WHERE e."phaseId" = $1 AND e.board = $2::"Board" ORDER BY e.rank`,
    phaseId,
    board,
  );
  const ranks: number[] = [];
  const lows: (number | null)[] = [];
  const highs: (number | null)[] = [];
  const probabilities: (number | null)[] = [];
  const ties: (boolean | null)[] = [];
  let above: { values: Float64Array; truthSha256: string | null } | undefined;
  for (const row of rows) {
    const values = row.replicates ? decodeReplicates(row.replicates) : undefined;
    const interval = values?.length ? percentileInterval(values.slice(), INTERVAL_LEVEL) : undefined;
    let p: number | null = null;
    let tied: boolean | null = null;
    if (values?.length && above && above.truthSha256 === row.truthSha256 && above.values.length === values.length) {
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
    above = values?.length ? { values, truthSha256: row.truthSha256 } : undefined;
  }
  if (!rows.length) return;
  // One JSON text parameter: the driver passes arrays of numbers element by element, far slower.
  const updates = JSON.stringify(
    ranks.map((rank, i) => ({ rank, low: lows[i], high: highs[i], p: probabilities[i], tied: ties[i] })),
  );
  await tx.$executeRawUnsafe(
    `UPDATE "LeaderboardEntry" e SET low = u.low, high = u.high, "probabilityAboveBetter" = u.p, "tiedWithAbove" = u.tied
     FROM json_to_recordset($3::json) AS u(rank int, low float8, high float8, p float8, tied bool)
     WHERE e."phaseId" = $1 AND e.board = $2::"Board" AND e.rank = u.rank`,
    phaseId,
    board,
    updates,
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
      ? `SELECT s."createdAt" AS t, s.id, s."userId", ${primarySql("s.scores", rules)} AS value
         FROM "Submission" s WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}`
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

/**
 * The primary value of a submission `s` from the scores in `column` (s.scores
 * for the public board, ps.scores for the private one): the metric ($2), or
 * the average rank staged for this refresh (stageAverageRanks).
 */
function primarySql(column: string, rules: RankingRules): string {
  if (!rules.averageRank) return metricSql(column, "$2");
  const board = column.startsWith("ps.") ? "PRIVATE" : "PUBLIC";
  return `(SELECT a.v FROM pg_temp.board_average_rank a WHERE a.id = s.id AND a.board = '${board}' AND a.metric = $2)`;
}

/**
 * The average rank across tasks (metrics/average-rank.ts) of every ranked
 * submission of the phase, on each board's own scores, staged in a table
 * that lives until this refresh commits: the ranking SQL reads it as the
 * primary value. The field is every rankable scored submission (not only
 * each participant's best), as the DarkMachines challenge ranked every
 * submitted model.
 */
async function stageAverageRanks(tx: Tx, phaseId: string, rules: RankingRules): Promise<void> {
  const { keys, higherIsBetter } = rules.averageRank!;
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE IF NOT EXISTS board_average_rank (id text, board text, metric text, v float8) ON COMMIT DROP`,
  );
  await tx.$executeRawUnsafe(`DELETE FROM pg_temp.board_average_rank`);
  for (const board of ["PUBLIC", "PRIVATE"] as const) {
    const column = board === "PUBLIC" ? "s.scores" : "ps.scores";
    const rows = await tx.$queryRawUnsafe<{ id: string; v: (number | null)[] }[]>(
      `SELECT s.id, ARRAY[${keys.map((_, i) => metricSql(column, `$${i + 2}`)).join(", ")}]::float8[] AS v
       FROM "Submission" s ${board === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
       WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND ${rankableSql("s.scores", rules.gates)}
       ORDER BY s.id`,
      phaseId,
      ...keys,
    );
    if (!rows.length) continue;
    const ranks = averageRanks(
      keys.map((_, t) => rows.map((r) => r.v[t])),
      higherIsBetter,
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO pg_temp.board_average_rank (id, board, metric, v)
       SELECT id, $3, $4, v FROM unnest($1::text[], $2::float8[]) AS u(id, v)`,
      rows.map((r) => r.id),
      ranks,
      board,
      rules.primary,
    );
  }
}

/** Phases whose results are newer than their materialised board (the sweeper refreshes them). */
export async function staleLeaderboards(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM "Phase" p
    LEFT JOIN "LeaderboardState" st ON st."phaseId" = p.id AND st.board = 'PUBLIC'
    WHERE p.kind IN ('STANDARD', 'CODE') AND EXISTS (
      SELECT 1 FROM "Submission" s WHERE s."phaseId" = p.id AND s."finishedAt" > COALESCE(st."computedAt", '-infinity'::timestamp))`;
  return rows.map((r) => r.id);
}
