// A participant answers a black box. Before the opening the answer is stored
// SEALED: nothing is computed against the key, and the participant gets a
// receipt (the SHA-256 of the canonical answer, and the time). A new answer
// replaces the live one until the deadline; after the deadline answers are
// locked until the opening. After the opening an answer is accepted as
// post-unblinding: judged at once against the revealed key, and marked.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { recordAudit } from "../audit/record-audit.ts";
import { accessOf, requireSignedIn, visibleChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { enqueueScoring } from "../jobs/definitions/score-submission.ts";
import { safeFileName, storeUpload, submissionKey } from "../submissions/create-submission.ts";
import { claimSubmissionSlot, requireSubmissionLeftToday } from "../submissions/submission-limits.ts";
import { parseBlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { parseAnswer, sealAnswer, type CanonicalAnswer } from "./canonical-answer.ts";
import { judgeAnswer } from "./judge-answer.ts";

export interface NewAnswer {
  challengeSlug: string;
  /** The box: its phase name ("Black box 1") or id. */
  box: string;
  answer: unknown;
  /** Optional per-event anomaly scores, `event_index,score` (the R&D format). */
  scoresFile?: { fileName: string; body: Readable };
}

export interface Receipt {
  submissionId: string;
  challenge: string;
  box: string;
  /** SHA-256 of `canonical`: the commitment to check after the opening. */
  sha256: string;
  receivedAt: string;
  /** The canonical bytes the receipt commits to. */
  canonical: string;
  status: "SEALED" | "QUEUED" | "SCORED";
  postUnblinding: boolean;
}

export const ANSWER_FILE = "answer.json";

/**
 * Whether the scorer has a file to read: any submission but a black-box
 * answer whose own file is the answer itself (no anomaly scores came with it).
 */
export const hasScorableFile = (s: { sha256: string; answerSha256: string | null }) => s.sha256 !== s.answerSha256;

const boxSelect = {
  id: true,
  name: true,
  kind: true,
  opensAt: true,
  closesAt: true,
  openedAt: true,
  revealedKey: true,
  maxPerDay: true,
  maxFileBytes: true,
} as const;

/** The box a caller names, among the phases of a challenge they can see. */
export function findBox<P extends { id: string; name: string; kind: string }>(phases: P[], box: string): P {
  const phase = phases.find(
    (p) => p.kind === "BLACK_BOX" && (p.id === box || p.name.toLowerCase() === box.trim().toLowerCase()),
  );
  if (!phase) throw new AppError("NOT_FOUND", `No black box "${box}" in this challenge.`);
  return phase;
}

export async function submitAnswer(platform: Platform, caller: Caller, input: NewAnswer): Promise<Receipt> {
  requireSignedIn(caller);
  const { db, storage } = platform;
  const { challenge, eligible, notEligibleBecause } = await visibleChallenge(
    db,
    await accessOf(db, caller),
    { slug: input.challengeSlug },
    {
      id: true,
      slug: true,
      acceptingSubmissions: true,
      blackBox: true,
      phases: { select: boxSelect },
    },
  );
  const config = parseBlackBoxConfig(challenge.blackBox);
  const phase = findBox(challenge.phases, input.box);
  if (!eligible) throw new AppError("FORBIDDEN", notEligibleBecause ?? "You may not take part in this challenge.");
  if (!challenge.acceptingSubmissions)
    throw new AppError("PHASE_CLOSED", "This challenge is not accepting answers yet.");
  const now = new Date();
  if (phase.opensAt > now) throw new AppError("PHASE_CLOSED", `${phase.name} opens at ${phase.opensAt.toISOString()}.`);
  const postUnblinding = phase.openedAt !== null;
  if (!postUnblinding && phase.closesAt && phase.closesAt <= now) {
    throw new AppError(
      "PHASE_CLOSED",
      `Answers to ${phase.name} are locked since its deadline, ${phase.closesAt.toISOString()}; the box has not been opened yet.`,
    );
  }
  const answer = parseAnswer(input.answer, config);
  await requireSubmissionLeftToday(db, caller.userId, phase, `answers to ${phase.name}`, now);

  const id = randomUUID();
  const answerKey = submissionKey(challenge.slug, id, ANSWER_FILE);
  const keys = [answerKey];
  let file: { fileName: string; key: string; size: number; sha256: string } | null = null;
  try {
    if (input.scoresFile) {
      const fileName = safeFileName(input.scoresFile.fileName);
      if (fileName === ANSWER_FILE)
        throw new AppError("BAD_REQUEST", `Name the anomaly-score file something other than ${ANSWER_FILE}.`);
      const key = submissionKey(challenge.slug, id, fileName);
      keys.push(key);
      file = { fileName, key, ...(await storeUpload(storage, key, input.scoresFile.body, Number(phase.maxFileBytes))) };
    }
    const canonical: CanonicalAnswer = {
      ...answer,
      challenge: challenge.slug,
      box: phase.name,
      submission: id,
      ...(file && { scoresFileSha256: file.sha256 }),
    };
    const sealed = sealAnswer(canonical);
    await storage.putStream(answerKey, Readable.from([sealed.bytes]), "application/json");

    const verdict = postUnblinding ? judgeAnswer(answer, phase.revealedKey, config) : null;
    const status = !postUnblinding ? "SEALED" : file ? "QUEUED" : "SCORED";
    const row = await db.$transaction(async (tx) => {
      await claimSubmissionSlot(tx, caller.userId, phase.id, `answers to ${phase.name}`, now);
      const replaced = await tx.submission.updateMany({
        where: {
          phaseId: phase.id,
          userId: caller.userId,
          postUnblinding,
          answerSha256: { not: null },
          supersededAt: null,
        },
        data: { supersededAt: now },
      });
      const created = await tx.submission.create({
        data: {
          id,
          challengeId: challenge.id,
          phaseId: phase.id,
          userId: caller.userId,
          description: answer.description.slice(0, 500),
          // The file the scorer reads: the anomaly scores, or the answer itself when there are none.
          fileName: file?.fileName ?? ANSWER_FILE,
          fileKey: file?.key ?? answerKey,
          size: BigInt(file?.size ?? sealed.bytes.length),
          sha256: file?.sha256 ?? sealed.sha256,
          answer: canonical as object,
          answerSha256: sealed.sha256,
          postUnblinding,
          status,
          verdict: (verdict ?? undefined) as object | undefined,
          finishedAt: status === "SCORED" ? now : null,
          createdAt: now,
        },
        select: { id: true, createdAt: true },
      });
      await recordAudit(tx, {
        actorId: caller.userId,
        action: postUnblinding ? "blackbox.answer_post_unblinding" : "blackbox.answer_sealed",
        challengeId: challenge.id,
        subjectType: "Submission",
        subjectId: id,
        data: { box: phase.name, sha256: sealed.sha256, replaced: replaced.count > 0 },
      });
      return created;
    });
    if (status === "QUEUED")
      await enqueueScoring({ db: platform.db, boss: await platform.queue() }, id).catch(() => {}); // the sweeper re-sends
    return {
      submissionId: row.id,
      challenge: challenge.slug,
      box: phase.name,
      sha256: sealed.sha256,
      receivedAt: row.createdAt.toISOString(),
      canonical: sealed.bytes.toString("utf8"),
      status,
      postUnblinding,
    };
  } catch (error) {
    for (const key of keys) await storage.delete(key).catch(() => {});
    // Two answers from one participant raced: the unique live-answer index kept one.
    if ((error as { code?: string }).code === "P2002")
      throw new AppError(
        "CONFLICT",
        "Another answer to this box was being stored at the same moment; send yours again.",
      );
    throw error;
  }
}
