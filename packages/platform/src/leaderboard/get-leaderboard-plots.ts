// What the leaderboard's plots draw, prepared on the server so the browser
// stays responsive: the best score over time (materialised with the board),
// the ROC curves of the top N entries thinned to a fixed number of points
// each, the caller's own submission history, and for the FPGA track the
// Pareto front of accuracy against DSP and LUT use. It goes through the same
// access and seal checks as the table (leaderboardScope).
import { paretoFront } from "@unblind/scoring/fpga/pareto-front.ts";
import { thinRoc, type RocPoint } from "@unblind/scoring/metrics/downsample-roc.ts";
import type { Db } from "../db/client.ts";
import { resultsReleased } from "../submissions/results-release.ts";
import { roundScores } from "./round-scores.ts";
import type { Caller, Platform } from "../platform.ts";
import { leaderboardScope, type LeaderboardQuery } from "./get-leaderboard.ts";
import { rankingRulesOf } from "./ranking-rules.ts";
import { metricSql, withinBudgetSql } from "./metric-sql.ts";
import type { ProgressionPoint } from "./refresh-leaderboard.ts";

export const MAX_CURVES = 50;
export const POINTS_PER_CURVE = 100;
/** Most models drawn on the Pareto plot (the fronts are always among them). */
export const MAX_PARETO_POINTS = 2000;

export interface ParetoPoint {
  participant: string;
  accuracy: number;
  dspPercent: number;
  lutPercent: number;
  /** False: over the FPGA budget, shown but not ranked. */
  withinBudget: boolean;
  onDspFront: boolean;
  onLutFront: boolean;
}

/** "full": the ROC curves; "workingPoints": εB at the fixed εS of rocWorkingPoints, while the results are held back. */
export type CurveKind = "full" | "workingPoints";

export interface HistoryPoint {
  submissionId: string;
  t: string;
  /** Public (or only) primary metric; null when unbounded. */
  value: number | null;
  /** Once the private leaderboard is revealed. */
  privateValue?: number | null;
  selected: boolean;
}

export async function getLeaderboardPlots(
  platform: Platform,
  caller: Caller,
  slug: string,
  query: Pick<LeaderboardQuery, "phase" | "board"> & { top?: number },
) {
  const { challenge, phase, board, revealed } = await leaderboardScope(platform, caller, slug, query);
  if (!phase) return { progression: [], curves: [], curveKind: "full" as CurveKind, history: [], pareto: [] };
  const { db } = platform;
  const B = board === "private" ? "PRIVATE" : "PUBLIC";
  const top = Math.min(MAX_CURVES, Math.max(1, Math.floor(query.top ?? 10)));
  const state = await db.leaderboardState.findUnique({
    where: { phaseId_board: { phaseId: phase.id, board: B } },
    select: { progression: true },
  });
  // Before the results are released, the fixed working points only (results-release.ts), rounded like the scores.
  const curveKind: CurveKind = (await resultsReleased(db, { ...phase, challengeId: challenge.id }))
    ? "full"
    : "workingPoints";
  const curveRows = await db.$queryRawUnsafe<{ rank: number; participant: string; roc: RocPoint[] | null }[]>(
    `SELECT e.rank, COALESCE(u.name, split_part(u.email, '@', 1)) AS participant,
            ${B === "PRIVATE" ? "ps.curves" : "s.curves"}->'${curveKind === "full" ? "roc" : "workingPoints"}' AS roc
     FROM "LeaderboardEntry" e JOIN "Submission" s ON s.id = e."submissionId" JOIN "User" u ON u.id = e."userId"
     ${B === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
     WHERE e."phaseId" = $1 AND e.board = $2::"Board" AND e.rank <= $3 ORDER BY e.rank`,
    phase.id,
    B,
    top,
  );
  const curves = curveRows
    .filter((r) => Array.isArray(r.roc) && r.roc.length > 1)
    .map((r) => ({
      rank: r.rank,
      participant: r.participant,
      points: curveKind === "full" ? thinRoc(r.roc!, POINTS_PER_CURVE) : roundScores(r.roc!, phase.scoreDigits),
    }));
  let history: HistoryPoint[] = [];
  if (caller) {
    const own = await db.$queryRawUnsafe<
      { id: string; createdAt: Date; value: number | null; privateValue: number | null; selectedAt: Date | null }[]
    >(
      `SELECT s.id, s."createdAt", s."selectedAt", ${metricSql("s.scores", "$3")} AS value,
              ${revealed ? metricSql("ps.scores", "$3") : "NULL::float8"} AS "privateValue"
       FROM "Submission" s ${revealed ? `LEFT JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
       WHERE s."phaseId" = $1 AND s."userId" = $2 AND s.status = 'SCORED' ORDER BY s."createdAt"`,
      phase.id,
      caller.userId,
      // A board ranked by average rank: the submission's own number is the mean across the tasks.
      ownMetric(rankingRulesOf(challenge, phase)),
    );
    history = own.map((r) => ({
      submissionId: r.id,
      t: r.createdAt.toISOString(),
      value: finiteOrNull(r.value),
      ...(revealed ? { privateValue: finiteOrNull(r.privateValue) } : {}),
      selected: r.selectedAt !== null,
    }));
  }
  const pareto = await paretoPoints(db, phase.id, B);
  return {
    progression: (state?.progression ?? []) as unknown as ProgressionPoint[],
    curves,
    curveKind,
    history,
    pareto,
  };
}

/**
 * Every scored model of the phase with an FPGA estimate (none for the other
 * challenges): accuracy on the board's test share against DSP and LUT use,
 * with both Pareto fronts of the models within budget marked. Beyond MAX_PARETO_POINTS the most accurate
 * models are kept, plus the fronts.
 */
async function paretoPoints(db: Db, phaseId: string, board: "PUBLIC" | "PRIVATE"): Promise<ParetoPoint[]> {
  const scores = board === "PRIVATE" ? "ps.scores" : "s.scores";
  const rows = await db.$queryRawUnsafe<
    { participant: string; accuracy: number; dsp: number; lut: number; within: boolean }[]
  >(
    `SELECT COALESCE(u.name, split_part(u.email, '@', 1)) AS participant, ${metricSql(scores, "'accuracy'")} AS accuracy,
            ${metricSql("s.scores", "'dspPercent'")} AS dsp, ${metricSql("s.scores", "'lutPercent'")} AS lut,
            ${withinBudgetSql("s.scores")} AS within
     FROM "Submission" s JOIN "User" u ON u.id = s."userId" ${board === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id` : ""}
     WHERE s."phaseId" = $1 AND s.status = 'SCORED' AND jsonb_typeof(s.scores->'dspPercent') = 'number'
     ORDER BY accuracy DESC NULLS LAST, s."createdAt"`,
    phaseId,
  );
  const usable = rows.filter((r) => r.accuracy !== null && r.dsp !== null && r.lut !== null);
  // The fronts of the ranked models: an over-budget model is drawn, but is no one's trade-off to beat.
  const front = (cost: (r: (typeof usable)[number]) => number) =>
    new Set(paretoFront(usable.map((r) => ({ value: r.within ? r.accuracy : NaN, cost: cost(r) }))));
  const dspFront = front((r) => r.dsp);
  const lutFront = front((r) => r.lut);
  return usable
    .map((r, i) => ({
      participant: r.participant,
      accuracy: r.accuracy,
      dspPercent: r.dsp,
      lutPercent: r.lut,
      withinBudget: r.within,
      onDspFront: dspFront.has(i),
      onLutFront: lutFront.has(i),
    }))
    .filter((p, i) => i < MAX_PARETO_POINTS || p.onDspFront || p.onLutFront);
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/** The number a participant's own history plots: the primary metric, or on an average-rank board the tasks' mean. */
function ownMetric(rules: ReturnType<typeof rankingRulesOf>): string {
  return rules.averageRank?.mean ?? rules.primary;
}
