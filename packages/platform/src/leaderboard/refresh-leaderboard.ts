// Materialises a phase's leaderboards (LeaderboardEntry, LeaderboardState):
// the ranking in SQL, then the bootstrap intervals and statistical ties from
// the stored replicates. Run after every change to the phase's scores (the
// scorer after each result, rescoring, final selections, settings) and by
// the scorer's sweeper for any phase with changes not yet on its board;
// readers only ever read the materialised rows, which stay consistent
// because each refresh replaces them in one transaction.
//
// Incremental: triggers note in LeaderboardChange, in the writer's own
// transaction, each participant whose scored submissions changed (migration
// 20261205000000_incremental_boards). A refresh claims those rows and
// recomputes those participants only: their entries, re-ranked among the
// others, the ties of the entries whose neighbour above changed, their own
// improvements over time and their unranked submissions. A full
// recomputation runs the first time, when the ranking rules changed since
// the last one, for boards ranked by average rank (one score moves every
// entry), when many participants changed at once, and when asked for; after any sequence of changes the incremental
// board equals it (test/integration/incremental-board.test.ts).
//
// Refreshes coalesce: one runs per phase at a time and takes every change
// noted so far, so a caller whose change an earlier refresh took returns at
// as soon as that refresh commits, its result on the board.
import type { Board } from "../db/generated/client.ts";
import type { Db } from "../db/client.ts";
import { type Sql, sqlTransaction } from "../db/sql-transaction.ts";
import { keepRecordsSql, progressionJsonSql } from "./best-over-time.ts";
import { boardParams, insertEntriesSql, replaceEntriesSql } from "./board-sql.ts";
import { intervalsAndTies, markTiesSql, type TieOptions } from "./intervals-and-ties.ts";
import { type RankingColumns, type RankingRules, rankingRulesOf } from "./ranking-rules.ts";
import { stageAverageRanks } from "./stage-average-ranks.ts";
import { recountUnrankedSql, unrankedJsonSql, unrankedKeys } from "./unranked-counts.ts";

export { INTERVAL_LEVEL } from "./intervals-and-ties.ts";
export type { ProgressionPoint } from "./best-over-time.ts";

/**
 * Prepared (sql-transaction.ts): the statements whose best plan is the same
 * for any phase, lookups and range scans by its keys and the participants'.
 * The full recomputation's scans of every submission are planned each time.
 */
const prepared = { prepare: true };

/** More changed participants than this (a phase re-scored) are cheaper recomputed in full. */
const INCREMENTAL_LIMIT = 200;

/**
 * What a refresh reads first, in the statement that takes the noted changes (a
 * change a writer still holds, not committed, so not visible yet, is left for
 * the refresh that writer asks for once it commits): the participants, the
 * rules of the last full recomputation, the phase and its challenge.
 */
interface RefreshHead extends RankingColumns {
  changed: string[];
  lastRulesKey: string | null;
  kind: string | null;
  phaseMetric: string | null;
  publicFraction: number | null;
  finalSelections: number;
  tieConfidence: number;
  scoreDigits: number | null;
}

export interface RefreshResult {
  /** full: every entry recomputed; incremental: the changed participants'; unchanged: nothing had changed. */
  outcome: "full" | "incremental" | "unchanged";
  /** Participants whose changes this refresh put on the board. */
  participants: number;
  /** Time spent refreshing, from holding the phase's lock to commit. */
  ms: number;
}

export async function refreshLeaderboard(
  db: Db,
  phaseId: string,
  { full = false }: { full?: boolean } = {},
): Promise<RefreshResult> {
  let started = 0;
  const result = await sqlTransaction(db, async (sql): Promise<Omit<RefreshResult, "ms">> => {
    // One refresh per phase at a time; readers keep the previous board until commit. A caller waiting
    // here whose change an earlier refresh took finds it on the board, and nothing left to take.
    await sql.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`leaderboard:${phaseId}`], prepared);
    started = performance.now();
    const [head] = await sql.query<RefreshHead>(
      `WITH claimed AS (
          DELETE FROM "LeaderboardChange" c
          USING (SELECT "userId" FROM "LeaderboardChange" WHERE "phaseId" = $1 FOR UPDATE SKIP LOCKED) mine
          WHERE c."phaseId" = $1 AND c."userId" = mine."userId"
          RETURNING c."userId")
        SELECT ARRAY(SELECT "userId" FROM claimed) AS changed, st."rulesKey" AS "lastRulesKey",
               p.kind::text AS kind, p."primaryMetric" AS "phaseMetric", p."publicFraction", p."finalSelections",
               p."tieConfidence", p."scoreDigits", c."primaryMetric", c."higherIsBetter", c."secondaryMetric",
               c.metrics, c.gates, c.scorer, c."scoringConfig"
        FROM (SELECT 1) one
        LEFT JOIN "Phase" p ON p.id = $1
        LEFT JOIN "Challenge" c ON c.id = p."challengeId"
        LEFT JOIN "LeaderboardState" st ON st."phaseId" = $1 AND st.board = 'PUBLIC'`,
      [phaseId],
      prepared,
    );
    const { changed, lastRulesKey, ...phase } = head;
    if (phase.kind !== "STANDARD" && phase.kind !== "CODE") return { outcome: "unchanged", participants: 0 };
    const rules = {
      ...rankingRulesOf(phase, { primaryMetric: phase.phaseMetric }),
      finalSelections: phase.finalSelections,
    };
    const rulesKey = JSON.stringify([rules, phase.publicFraction, phase.tieConfidence, phase.scoreDigits]);
    const boards: Board[] = phase.publicFraction === null ? ["PUBLIC"] : ["PUBLIC", "PRIVATE"];
    const ties = (board: Board): TieOptions => ({
      level: phase.tieConfidence,
      higherIsBetter: rules.primaryDesc,
      // The public board's intervals are rounded like its scores: printed at
      // full precision beside a rounded score they would undo the rounding.
      digits: board === "PUBLIC" ? phase.scoreDigits : null,
    });
    const incremental = !full && !rules.averageRank && lastRulesKey === rulesKey && changed.length <= INCREMENTAL_LIMIT;
    if (incremental && !changed.length) return { outcome: "unchanged", participants: 0 };
    // The boards whose best over time may have changed.
    const improved: Board[] = [];
    if (incremental) {
      for (const board of boards)
        if (await replaceParticipants(sql, phaseId, board, rules, changed, ties(board))) improved.push(board);
    } else {
      improved.push(...boards);
      if (rules.averageRank) await stageAverageRanks(sql, phaseId, rules);
      await sql.query(`DELETE FROM "LeaderboardEntry" WHERE "phaseId" = $1`, [phaseId]);
      for (const board of boards) await recomputeBoard(sql, phaseId, board, rules, ties(board));
      if (phase.publicFraction === null)
        await sql.query(
          `WITH states AS (DELETE FROM "LeaderboardState" WHERE "phaseId" = $1 AND board = 'PRIVATE'),
                  records AS (DELETE FROM "LeaderboardRecord" WHERE "phaseId" = $1 AND board = 'PRIVATE')
             DELETE FROM "LeaderboardUnranked" WHERE "phaseId" = $1 AND board = 'PRIVATE'`,
          [phaseId],
        );
    }
    await writeStates(sql, phaseId, boards, improved, rules.primaryDesc, rulesKey);
    return { outcome: incremental ? "incremental" : "full", participants: changed.length };
  });
  return { ...result, ms: started ? performance.now() - started : 0 };
}

/** Every entry of a board from scratch, with each participant's improvements and unranked submissions. */
async function recomputeBoard(
  sql: Sql,
  phaseId: string,
  board: Board,
  rules: RankingRules & { finalSelections: number },
  ties: TieOptions,
): Promise<void> {
  const params = [phaseId, ...boardParams(board, rules, rules.finalSelections)];
  await sql.query(insertEntriesSql(board, rules), params);
  const marks = await intervalsAndTies(sql, phaseId, board, ties);
  const records = keepRecordsSql(board, rules);
  await sql.query(`WITH ${markTiesSql(board, `$${params.length + 1}`)}, ${records.ctes} ${records.changed}`, [
    ...params,
    marks,
  ]);
  // Its own statement: an average rank's unranked counts read the task metrics from $2 on.
  await sql.query(`WITH ${recountUnrankedSql(board, rules)} SELECT 1`, [phaseId, ...unrankedKeys(rules)]);
}

/**
 * The participants' entries recomputed and placed among the others. The
 * others keep their order, so only ties next to a moved entry change: the
 * moved entries', those now below them, and those that were below them.
 * Three statements: the entries replaced, the ties read, the ties written
 * with the participants' improvements and unranked counts. Returns whether
 * their improvements changed.
 */
async function replaceParticipants(
  sql: Sql,
  phaseId: string,
  board: Board,
  rules: RankingRules & { finalSelections: number },
  users: string[],
  ties: TieOptions,
): Promise<boolean> {
  const params = [phaseId, ...boardParams(board, rules, rules.finalSelections)];
  const only = `$${params.length + 1}`;
  const placed = await sql.query<{ rank: number; moved: boolean }>(
    replaceEntriesSql(board, rules, only),
    [...params, users],
    prepared,
  );
  const ranks = placed.flatMap((e) => (e.moved ? [e.rank, e.rank + 1] : [e.rank]));
  const marks = await intervalsAndTies(sql, phaseId, board, ties, ranks);
  // Not ranked by average rank (always recomputed in full): the unranked counts read the primary metric at $2.
  const records = keepRecordsSql(board, rules, only);
  const [{ changed }] = await sql.query<{ changed: boolean }>(
    `WITH ${markTiesSql(board, `$${params.length + 2}`)}, ${recountUnrankedSql(board, rules, only)}, ${records.ctes}
     ${records.changed}`,
    [...params, users, marks],
    prepared,
  );
  return changed;
}

/**
 * The boards' best over time (recomputed for the boards in `improved`, else
 * kept), entry counts and unranked totals, in one statement; on the public
 * board also when this refresh began reading and under which rules it
 * ranked. computedAt moves forward on every write: it stamps what readers
 * cache.
 */
async function writeStates(
  sql: Sql,
  phaseId: string,
  boards: Board[],
  improved: Board[],
  primaryDesc: boolean,
  rulesKey: string,
): Promise<void> {
  const rows = boards.map(
    (board) => `('${board}'::"Board",
      ${improved.includes(board) ? progressionJsonSql(board, primaryDesc) : "'null'::jsonb"},
      (SELECT count(*)::int FROM "LeaderboardEntry" WHERE "phaseId" = $1 AND board = '${board}'::"Board"),
      ${unrankedJsonSql(board)}, ${board === "PUBLIC" ? "$2" : "NULL"})`,
  );
  await sql.query(
    `INSERT INTO "LeaderboardState" ("phaseId", board, "computedAt", progression, total, unranked, "rulesKey")
     SELECT $1, board, clock_timestamp() AT TIME ZONE 'UTC', progression, total, unranked, "rulesKey"
     FROM (VALUES ${rows.join(", ")}) AS v(board, progression, total, unranked, "rulesKey")
     ON CONFLICT ("phaseId", board) DO UPDATE SET
       "computedAt" = GREATEST(EXCLUDED."computedAt", "LeaderboardState"."computedAt" + interval '1 millisecond'),
       -- JSON null: the board's best over time did not change.
       progression = CASE WHEN EXCLUDED.progression = 'null'::jsonb THEN "LeaderboardState".progression ELSE EXCLUDED.progression END,
       total = EXCLUDED.total, unranked = EXCLUDED.unranked, "rulesKey" = EXCLUDED."rulesKey"`,
    [phaseId, rulesKey],
    prepared,
  );
}

/** Phases with changes not yet on their boards (the sweeper refreshes them); notes of deleted phases are dropped. */
export async function staleLeaderboards(db: Db): Promise<string[]> {
  await db.$executeRaw`DELETE FROM "LeaderboardChange" c WHERE NOT EXISTS (SELECT 1 FROM "Phase" p WHERE p.id = c."phaseId")`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM "Phase" p WHERE EXISTS (SELECT 1 FROM "LeaderboardChange" c WHERE c."phaseId" = p.id)`;
  return rows.map((r) => r.id);
}
