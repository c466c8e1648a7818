// A phase's leaderboard as the caller may see it, read from the rows that
// refresh-leaderboard.ts materialises: the public board during the phase;
// the private board only once it has been revealed, for everyone, organizers
// included (it is sealed like a black box, and its reveal is audited).
import { readMetricColumns } from "../scorers/stored-results.ts";
import { rankingRulesOf } from "./ranking-rules.ts";
import { NONE_UNRANKED, type UnrankedCounts } from "./unranked-counts.ts";
import { accessOf, findVisibleChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import { scorerEntry } from "../scorers/registry.ts";
import { sqlQuery } from "../db/sql-transaction.ts";
import type { Caller, Platform } from "../platform.ts";
import { findPhase } from "./find-phase.ts";
import { INTERVAL_LEVEL } from "./refresh-leaderboard.ts";
import { privateRevealed } from "./reveal-private-leaderboard.ts";

export type BoardName = "public" | "private";

export interface LeaderboardQuery {
  /** Phase name; default the phase open now, else the last one to open. */
  phase?: string;
  /** Default: private once revealed, else public. */
  board?: BoardName;
  offset?: number;
  /** Rows per page (default 100); null for every row (exports). */
  limit?: number | null;
}

export interface LeaderboardRow {
  rank: number;
  submissionId: string;
  participant: string;
  scores: Record<string, unknown>;
  submittedAt: Date;
  /** Bootstrap interval of the primary metric (null end: unbounded or unknown). */
  interval: { low: number | null; high: number | null; level: number } | null;
  /** The paired bootstrap cannot tell this entry from the one above (null: not compared). */
  tiedWithAbove: boolean | null;
  /** P(the entry above is really better), from the same resamples. */
  probabilityAboveBetter: number | null;
  /** The participant's scored submissions in the phase. */
  submissions: number;
  /** Private board: the same participant's rank on the public board. */
  publicRank?: number | null;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

const phaseSelect = {
  id: true,
  name: true,
  kind: true,
  primaryMetric: true,
  opensAt: true,
  closesAt: true,
  publicFraction: true,
  privateRevealedAt: true,
  revealAtClose: true,
  finalSelections: true,
  tieConfidence: true,
  bootstrapResamples: true,
  scoreDigits: true,
} as const;

/** The challenge, the chosen phase and board, after the access and seal checks every leaderboard read shares. */
export async function leaderboardScope(
  { db }: Platform,
  caller: Caller,
  slug: string,
  query: Pick<LeaderboardQuery, "phase" | "board">,
) {
  const challenge = await findVisibleChallenge(
    db,
    await accessOf(db, caller),
    { slug },
    {
      id: true,
      slug: true,
      title: true,
      metrics: true,
      primaryMetric: true,
      secondaryMetric: true,
      scorer: true,
      scoringConfig: true,
      gates: true,
      higherIsBetter: true,
      phases: { where: { kind: { in: ["STANDARD", "CODE"] } }, orderBy: { opensAt: "asc" }, select: phaseSelect },
    },
  );
  const phases = challenge.phases;
  const now = new Date();
  // By default the standard phases' board (the one open now, else the last to open); a code phase by name.
  const standard = phases.filter((p) => p.kind === "STANDARD");
  const candidates = standard.length ? standard : phases;
  const phase = query.phase
    ? findPhase(phases, query.phase)
    : (candidates.find((p) => p.opensAt <= now && (!p.closesAt || p.closesAt > now)) ??
      candidates.filter((p) => p.opensAt <= now).at(-1) ??
      candidates[0]);
  const revealed = phase ? await privateRevealed(db, { ...phase, challengeId: challenge.id }) : false;
  const board: BoardName = query.board ?? (revealed ? "private" : "public");
  if (phase && board === "private" && !revealed) {
    const when =
      phase.revealAtClose && phase.closesAt ? `; it opens by itself at the close, ${phase.closesAt.toISOString()}` : "";
    throw new AppError(
      "FORBIDDEN",
      phase.publicFraction === null
        ? `${phase.name} has no public/private split, so it has no private leaderboard.`
        : `The private leaderboard of ${phase.name} is sealed until the organizers reveal it${when}.`,
    );
  }
  return { challenge, phase, revealed, board, phases };
}

export async function getLeaderboard(platform: Platform, caller: Caller, slug: string, query: LeaderboardQuery = {}) {
  const { challenge, phase, revealed, board, phases } = await leaderboardScope(platform, caller, slug, query);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = query.limit === null ? null : Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE)));
  const { db } = platform;
  const B = board === "private" ? "PRIVATE" : "PUBLIC";
  const rules = rankingRulesOf(challenge, phase);
  // Plain SQL on the pool (sql-transaction.ts): every uncached rendering of the page and the API reads these two.
  const [rows, [state]] = phase
    ? await Promise.all([
        sqlQuery<EntryRow>(
          db,
          `SELECT e.rank, e."submissionId", e."primary", e.low, e.high, e."probabilityAboveBetter", e."tiedWithAbove", e.submissions,
                  s."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
                  COALESCE(u.name, split_part(u.email, '@', 1)) AS participant,
                  ${B === "PRIVATE" ? `ps.scores - $3::text[] AS scores, pub.rank AS "publicRank"` : "s.scores - $3::text[] AS scores"}
           FROM "LeaderboardEntry" e JOIN "Submission" s ON s.id = e."submissionId" JOIN "User" u ON u.id = e."userId"
           ${B === "PRIVATE" ? `JOIN "PrivateScore" ps ON ps."submissionId" = s.id LEFT JOIN "LeaderboardEntry" pub ON pub."phaseId" = e."phaseId" AND pub.board = 'PUBLIC' AND pub."userId" = e."userId"` : ""}
           WHERE e."phaseId" = $1 AND e.board = $2::"Board"
           ORDER BY e.rank OFFSET $4 ${limit === null ? "" : "LIMIT $5"}`,
          [
            phase.id,
            B,
            // The scorer's details (the FPGA report) belong to the submission page, not to the board's rows.
            [...scorerEntry(challenge.scorer).detailKeys],
            offset,
            ...(limit === null ? [] : [limit]),
          ],
        ),
        // Its size and what it leaves out, materialised with it (unranked-counts.ts).
        sqlQuery<{ computedAt: Date; total: number; unranked: unknown }>(
          db,
          `SELECT "computedAt" AT TIME ZONE 'UTC' AS "computedAt", total, unranked
           FROM "LeaderboardState" WHERE "phaseId" = $1 AND board = $2::"Board"`,
          [phase.id, B],
        ),
      ])
    : [[], []];
  return {
    slug: challenge.slug,
    title: challenge.title,
    /** The metric columns, as the challenge package defines them. */
    metrics: readMetricColumns(challenge.metrics),
    /** What ranks this phase: the challenge's primary metric, or the phase's own (a throughput phase). */
    primaryMetric: rules.averageRank ? challenge.primaryMetric : rules.primary,
    secondaryMetric: challenge.secondaryMetric,
    higherIsBetter: rules.averageRank ? challenge.higherIsBetter : rules.primaryDesc,
    phases: phases.map((p) => ({
      name: p.name,
      closesAt: p.closesAt,
      split: p.publicFraction !== null,
      revealed: p.privateRevealedAt !== null || (p.id === phase?.id && revealed),
    })),
    phase: phase
      ? {
          name: phase.name,
          closesAt: phase.closesAt,
          publicFraction: phase.publicFraction,
          revealAtClose: phase.revealAtClose,
          revealedAt: revealed ? phase.privateRevealedAt : null,
          finalSelections: phase.finalSelections,
          tieConfidence: phase.tieConfidence,
          resamples: phase.bootstrapResamples,
          scoreDigits: phase.scoreDigits,
        }
      : null,
    board,
    revealed,
    computedAt: state?.computedAt ?? null,
    total: state?.total ?? 0,
    /** Scored submissions the board leaves out, and why: over the FPGA budget, a failed gate, or no value of the primary metric. */
    unranked: (state?.unranked as UnrankedCounts | undefined) ?? NONE_UNRANKED,
    /** The tests a submission must pass to be ranked. */
    gates: rules.gates,
    /** Ranked by the average rank over these task metrics (computed by the board; no bootstrap intervals), or null. */
    averageRank: rules.averageRank ?? null,
    offset,
    limit,
    rows: rows.map(
      (r): LeaderboardRow => ({
        rank: r.rank,
        submissionId: r.submissionId,
        participant: r.participant,
        // The average rank is the board's, not the submission's: it is shown as the board computed it.
        scores: rules.averageRank ? { ...r.scores, [rules.primary]: r.primary } : r.scores,
        submittedAt: r.createdAt,
        interval: r.low === null && r.high === null ? null : { low: r.low, high: r.high, level: INTERVAL_LEVEL },
        tiedWithAbove: r.tiedWithAbove,
        probabilityAboveBetter: r.probabilityAboveBetter,
        submissions: r.submissions,
        ...(B === "PRIVATE" ? { publicRank: r.publicRank ?? null } : {}),
      }),
    ),
  };
}

interface EntryRow {
  rank: number;
  submissionId: string;
  primary: number | null;
  low: number | null;
  high: number | null;
  probabilityAboveBetter: number | null;
  tiedWithAbove: boolean | null;
  submissions: number;
  createdAt: Date;
  participant: string;
  scores: Record<string, unknown>;
  publicRank?: number | null;
}

export type Leaderboard = Awaited<ReturnType<typeof getLeaderboard>>;
