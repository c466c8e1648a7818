import type { Prisma } from "../db/generated/client.ts";
import { readMetricColumns, readScores } from "../scorers/stored-results.ts";

/** What a participant sees of a submission: never internalError or file keys. */
export const submissionSelect = {
  id: true,
  description: true,
  fileName: true,
  size: true,
  sha256: true,
  status: true,
  scores: true,
  curves: true,
  errorMessage: true,
  errorLine: true,
  errorColumn: true,
  scorerVersion: true,
  createdAt: true,
  scoringStartedAt: true,
  finishedAt: true,
  answerSha256: true,
  postUnblinding: true,
  supersededAt: true,
  verdict: true,
  selectedAt: true,
  /** A code run's outcome, measured time and memory, and the sample run's log (never the hidden run's). */
  run: true,
  phase: {
    select: { name: true, kind: true, openedAt: true, closesAt: true, publicFraction: true, finalSelections: true },
  },
  challenge: { select: { slug: true, title: true, scorer: true, primaryMetric: true, metrics: true } },
  user: { select: { name: true, email: true } },
} satisfies Prisma.SubmissionSelect;

/** A selected submission with its stored JSON read back as typed values (stored-results.ts). */
export function typedSubmission<
  T extends { scores: Prisma.JsonValue; challenge: { metrics: Prisma.JsonValue } & Record<string, unknown> },
>(row: T) {
  return {
    ...row,
    scores: readScores(row.scores),
    challenge: { ...row.challenge, metrics: readMetricColumns(row.challenge.metrics) },
  };
}
