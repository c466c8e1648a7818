// A black box as the caller may see it. Before the opening: the box, the
// caller's own receipts and how many answers are sealed; nothing computed
// from the key exists yet, for anyone. After the opening: the revealed key,
// who opened it and when, and every live answer with its pulls (locked ones
// first, post-unblinding ones marked).
import { parseBlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { accessOf, visibleChallenge } from "../challenges/challenge-access.ts";
import type { Caller, Platform } from "../platform.ts";
import type { CanonicalAnswer } from "./canonical-answer.ts";
import { findBox } from "./submit-answer.ts";
import type { BlackBoxVerdict } from "@unblind/scoring/metrics/black-box-answer.ts";

const answerSelect = {
  id: true,
  status: true,
  createdAt: true,
  answer: true,
  answerSha256: true,
  postUnblinding: true,
  supersededAt: true,
  verdict: true,
  scores: true,
  errorMessage: true,
} as const;

export async function getBox(platform: Platform, caller: Caller, input: { challengeSlug: string; box: string }) {
  const { db } = platform;
  const { challenge, organizer, notEligibleBecause } = await visibleChallenge(
    db,
    await accessOf(db, caller),
    { slug: input.challengeSlug },
    {
      id: true,
      slug: true,
      title: true,
      acceptingSubmissions: true,
      blackBox: true,
      phases: {
        select: {
          id: true,
          name: true,
          kind: true,
          opensAt: true,
          closesAt: true,
          openedAt: true,
          openedById: true,
          revealedKey: true,
          maxFileBytes: true,
        },
      },
    },
  );
  const phase = findBox(challenge.phases, input.box);
  const now = new Date();
  const mine = caller
    ? await db.submission.findMany({
        where: { phaseId: phase.id, userId: caller.userId },
        select: answerSelect,
        orderBy: { createdAt: "desc" },
        take: 50,
      })
    : [];
  const sealedAnswers = await db.submission.count({
    where: { phaseId: phase.id, supersededAt: null, postUnblinding: false, answerSha256: { not: null } },
  });
  const openedBy = phase.openedById
    ? await db.user.findUnique({ where: { id: phase.openedById }, select: { name: true, email: true } })
    : null;
  const results = phase.openedAt
    ? await db.submission.findMany({
        where: { phaseId: phase.id, supersededAt: null, answerSha256: { not: null } },
        select: { ...answerSelect, user: { select: { name: true, email: true } } },
        orderBy: [{ postUnblinding: "asc" }, { createdAt: "asc" }],
      })
    : null;
  return {
    challenge: { slug: challenge.slug, title: challenge.title },
    box: {
      id: phase.id,
      name: phase.name,
      opensAt: phase.opensAt,
      closesAt: phase.closesAt,
      openedAt: phase.openedAt,
      openedBy: openedBy ? (openedBy.name ?? openedBy.email.split("@")[0]) : null,
      /** Answers are accepted now: sealed before the opening, post-unblinding after. */
      accepting:
        challenge.acceptingSubmissions &&
        phase.opensAt <= now &&
        (phase.openedAt !== null || !phase.closesAt || now < phase.closesAt),
      maxFileBytes: Number(phase.maxFileBytes),
      /** What an answer holds (black-box-config.ts): the form's fields, the results' columns. */
      answer: parseBlackBoxConfig(challenge.blackBox),
    },
    isOrganizer: organizer,
    notEligibleBecause: caller ? notEligibleBecause : "Sign in to answer.",
    sealedAnswers,
    mine: mine.map(shown),
    key: phase.openedAt ? (phase.revealedKey as Record<string, unknown>) : null,
    results: results?.map((r) => ({ ...shown(r), participant: r.user.name ?? r.user.email.split("@")[0] })) ?? null,
  };
}

function shown(s: {
  id: string;
  status: string;
  createdAt: Date;
  answer: unknown;
  answerSha256: string | null;
  postUnblinding: boolean;
  supersededAt: Date | null;
  verdict: unknown;
  scores: unknown;
  errorMessage: string | null;
}) {
  return {
    id: s.id,
    status: s.status,
    createdAt: s.createdAt,
    answer: s.answer as CanonicalAnswer,
    sha256: s.answerSha256,
    postUnblinding: s.postUnblinding,
    supersededAt: s.supersededAt,
    verdict: s.verdict as BlackBoxVerdict | null,
    /** Anomaly-score metrics, when a file came with the answer and has been scored. */
    scores: s.scores as Record<string, number> | null,
    errorMessage: s.errorMessage,
  };
}
