// Organizers change the open phase's daily limit and file size; the change
// and its audit event are written together.
import { phaseSelect } from "./selects.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { currentPhase } from "../submissions/submission-limits.ts";
import { organizedChallenge } from "./challenge-access.ts";

export async function setPhaseLimits(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; maxPerDay?: number; maxFileBytes?: number },
) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    {
      id: true,
      phases: {
        select: phaseSelect,
        orderBy: { opensAt: "asc" },
      },
    },
    "change its limits",
  );
  // The standard phase open now (where files go by default), else any phase open now, else the last one.
  const phase =
    currentPhase(challenge.phases.filter((p) => p.kind === "STANDARD")) ??
    currentPhase(challenge.phases) ??
    challenge.phases.at(-1);
  if (!phase) throw new AppError("NOT_FOUND", `Challenge "${input.slug}" has no phase.`);
  const previous = { phase: phase.name, maxPerDay: phase.maxPerDay, maxFileBytes: Number(phase.maxFileBytes) };
  const now = {
    ...previous,
    ...(input.maxPerDay === undefined ? {} : { maxPerDay: input.maxPerDay }),
    ...(input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes }),
  };
  await db.$transaction(async (tx) => {
    await tx.phase.update({
      where: { id: phase.id },
      data: { maxPerDay: now.maxPerDay, maxFileBytes: BigInt(now.maxFileBytes) },
    });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "phase.limits_changed",
      challengeId: challenge.id,
      subjectType: "Phase",
      subjectId: phase.id,
      data: { previous, now },
    });
  });
  return { previous, now };
}

/** Organizers open or close a challenge to submissions; audited. */
export async function setAcceptingSubmissions(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; accepting: boolean },
) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    { id: true, acceptingSubmissions: true },
    "open or close it to submissions",
  );
  await db.$transaction(async (tx) => {
    await tx.challenge.update({ where: { id: challenge.id }, data: { acceptingSubmissions: input.accepting } });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "challenge.accepting_changed",
      challengeId: challenge.id,
      subjectType: "Challenge",
      subjectId: challenge.id,
      data: { before: challenge.acceptingSubmissions, after: input.accepting },
    });
  });
  return { slug: input.slug, acceptingSubmissions: input.accepting };
}
