import type { ChallengeStatus } from "@unblind/platform/challenges/challenge-status.ts";
// Use-case results as the REST API's documented shapes (schemas.ts):
// BigInt sizes become numbers, dates ISO strings, and nothing else leaves.
import type { z } from "zod";
import type { Leaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { readScores } from "@unblind/platform/scorers/stored-results.ts";
import type * as schemas from "./schemas.ts";

type Submissionish = {
  id: string;
  status: z.infer<typeof schemas.submission>["status"];
  fileName: string;
  size: bigint;
  sha256: string;
  description: string;
  scores: unknown;
  errorMessage: string | null;
  errorLine: number | null;
  errorColumn: number | null;
  scorerVersion: string | null;
  createdAt: Date;
  scoringStartedAt: Date | null;
  finishedAt: Date | null;
  phase: { name: string };
  answerSha256: string | null;
  postUnblinding: boolean;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function submissionJson(s: Submissionish, challengeSlug: string): z.infer<typeof schemas.submission> {
  return {
    id: s.id,
    challenge: challengeSlug,
    status: s.status,
    phase: s.phase.name,
    answerSha256: s.answerSha256,
    postUnblinding: s.postUnblinding,
    fileName: s.fileName,
    size: Number(s.size),
    sha256: s.sha256,
    description: s.description,
    scores: s.status === "SCORED" ? readScores(s.scores) : null,
    error: s.errorMessage ? { message: s.errorMessage, line: s.errorLine, column: s.errorColumn } : null,
    scorerVersion: s.scorerVersion,
    createdAt: s.createdAt.toISOString(),
    scoringStartedAt: iso(s.scoringStartedAt),
    finishedAt: iso(s.finishedAt),
  };
}

export function phaseJson(p: {
  id: string;
  name: string;
  opensAt: Date;
  closesAt: Date | null;
  maxPerDay: number;
  maxFileBytes: bigint;
}): z.infer<typeof schemas.phase> {
  return {
    id: p.id,
    name: p.name,
    opensAt: p.opensAt.toISOString(),
    closesAt: iso(p.closesAt),
    maxPerDay: p.maxPerDay,
    maxFileBytes: Number(p.maxFileBytes),
  };
}

export function challengeSummaryJson(c: {
  slug: string;
  title: string;
  summary: string;
  acceptingSubmissions: boolean;
  primaryMetric: string;
  higherIsBetter: boolean;
  status: ChallengeStatus;
}): z.infer<typeof schemas.challengeSummary> {
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    acceptingSubmissions: c.acceptingSubmissions,
    status: c.status.state,
    primaryMetric: c.primaryMetric,
    higherIsBetter: c.higherIsBetter,
  };
}

/** A leaderboard page as the REST API and the JSON export give it. */
export function leaderboardJson(board: Leaderboard): z.infer<typeof schemas.leaderboard> {
  return {
    challenge: board.slug,
    primaryMetric: board.primaryMetric,
    secondaryMetric: board.secondaryMetric,
    higherIsBetter: board.higherIsBetter,
    phase: board.phase?.name ?? null,
    board: board.board,
    revealed: board.revealed,
    total: board.total,
    unranked: board.unranked,
    gates: board.gates,
    averageRank: board.averageRank,
    offset: board.offset,
    computedAt: iso(board.computedAt),
    rows: board.rows.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })),
  };
}
