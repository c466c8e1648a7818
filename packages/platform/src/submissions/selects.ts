import type { Prisma } from "../db/generated/client.ts";

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
  phase: {
    select: { name: true, kind: true, openedAt: true, closesAt: true, publicFraction: true, finalSelections: true },
  },
  challenge: { select: { slug: true, title: true, scorer: true, primaryMetric: true, metrics: true } },
  user: { select: { name: true, email: true } },
} satisfies Prisma.SubmissionSelect;
