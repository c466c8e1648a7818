// An organizer opens a black box: an explicit confirmation naming the box,
// once, for ever. The opening reads the sealed key (checking its SHA-256),
// locks answers (the deadline becomes now if it was later), judges every
// locked answer by its pulls, queues the anomaly-score files for the scorer,
// and records who opened it and when, all in one transaction.
import { createHash } from "node:crypto";
import { parseBlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { accessOf, requireSignedIn, visibleChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { enqueueScoring } from "../jobs/definitions/score-submission.ts";
import type { BlackBoxAnswer } from "./canonical-answer.ts";
import { MAX_KEY_BYTES, parseAnswerKey } from "./answer-key.ts";
import { judgeAnswer } from "./judge-answer.ts";
import { findBox, hasScorableFile } from "./submit-answer.ts";

export interface OpenBox {
  challengeSlug: string;
  box: string;
  /** Must repeat the box's name exactly: the opening cannot be undone. */
  confirm: string;
}

async function readKey(platform: Platform, file: { key: string; sha256: string }, signal: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await platform.storage.getStream(file.key)) {
    size += (chunk as Buffer).length;
    chunks.push(chunk as Buffer);
    if (size > MAX_KEY_BYTES) break;
  }
  const bytes = Buffer.concat(chunks);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (size <= MAX_KEY_BYTES && sha256 !== file.sha256)
    throw new AppError(
      "CONFLICT",
      `The answer key's SHA-256 is ${sha256}, not the recorded ${file.sha256}: refusing to open the box with it.`,
    );
  const parsed = parseAnswerKey(bytes, signal);
  if ("problem" in parsed)
    throw new AppError("CONFLICT", `The box's answer key ${parsed.problem}; replace the key file before opening.`);
  return parsed.key;
}

export async function openBox(platform: Platform, caller: Caller, input: OpenBox) {
  requireSignedIn(caller);
  const { db } = platform;
  const { challenge, organizer } = await visibleChallenge(
    db,
    await accessOf(db, caller),
    { slug: input.challengeSlug },
    {
      id: true,
      blackBox: true,
      phases: {
        select: {
          id: true,
          name: true,
          kind: true,
          closesAt: true,
          openedAt: true,
          answerKeyFile: { select: { key: true, sha256: true } },
        },
      },
    },
  );
  const phase = findBox(challenge.phases, input.box);
  if (!organizer) throw new AppError("FORBIDDEN", "Only an organizer of this challenge can open a black box.");
  if (phase.openedAt)
    throw new AppError(
      "CONFLICT",
      `${phase.name} was opened at ${phase.openedAt.toISOString()}; an opening cannot be repeated or undone.`,
    );
  if (input.confirm !== phase.name)
    throw new AppError("BAD_REQUEST", `To open it, confirm with the box's exact name, "${phase.name}".`);
  if (!phase.answerKeyFile)
    throw new AppError("CONFLICT", `${phase.name} has no answer key file; upload one before opening.`);
  const config = parseBlackBoxConfig(challenge.blackBox);
  const key = await readKey(platform, phase.answerKeyFile, config.signal);

  const now = new Date();
  const opened = await db.$transaction(async (tx) => {
    const n = await tx.phase.updateMany({
      where: { id: phase.id, openedAt: null },
      data: {
        openedAt: now,
        openedById: caller.userId,
        revealedKey: key as object,
        ...(!phase.closesAt || phase.closesAt > now ? { closesAt: now } : {}),
      },
    });
    if (n.count === 0) throw new AppError("CONFLICT", `${phase.name} was opened a moment ago by someone else.`);
    const locked = await tx.submission.findMany({
      where: { phaseId: phase.id, status: "SEALED", supersededAt: null, postUnblinding: false },
      select: { id: true, answer: true, sha256: true, answerSha256: true },
    });
    const queued: string[] = [];
    for (const s of locked) {
      const hasScores = hasScorableFile(s);
      if (hasScores) queued.push(s.id);
      await tx.submission.update({
        where: { id: s.id },
        data: {
          verdict: judgeAnswer(s.answer as unknown as BlackBoxAnswer, key, config) as object,
          status: hasScores ? "QUEUED" : "SCORED",
          queuedAt: now,
          finishedAt: hasScores ? null : now,
        },
      });
    }
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "blackbox.opened",
      challengeId: challenge.id,
      subjectType: "Phase",
      subjectId: phase.id,
      data: {
        box: phase.name,
        answers: locked.length,
        keySha256: phase.answerKeyFile!.sha256,
        deadlineWas: phase.closesAt?.toISOString() ?? null,
      },
    });
    return { answers: locked.length, queued };
  });
  const boss = await platform.queue();
  for (const id of opened.queued) await enqueueScoring({ db: platform.db, boss }, id).catch(() => {}); // the sweeper re-sends
  return { box: phase.name, openedAt: now, answers: opened.answers, queued: opened.queued.length };
}
