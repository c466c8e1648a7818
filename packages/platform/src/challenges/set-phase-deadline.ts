// Organizers move a phase's deadline: end it now, extend it, or leave it open
// ended. Audited with the before and after. An opened black box keeps the
// deadline its opening set.
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { organizedChallenge } from "./challenge-access.ts";

export async function setPhaseDeadline(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; phase: string; closesAt: Date | null },
) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    {
      id: true,
      phases: {
        select: { id: true, name: true, opensAt: true, closesAt: true, openedAt: true, privateRevealedAt: true },
      },
    },
    "change its phases",
  );
  const phase = challenge.phases.find((p) => p.name.toLowerCase() === input.phase.toLowerCase());
  if (!phase)
    throw new AppError(
      "NOT_FOUND",
      `No phase "${input.phase}"; the phases are ${challenge.phases.map((p) => p.name).join(", ")}.`,
    );
  if (phase.openedAt)
    throw new AppError("CONFLICT", `${phase.name} has been opened; its deadline stays where the opening set it.`);
  if (phase.privateRevealedAt)
    throw new AppError(
      "CONFLICT",
      `The private leaderboard of ${phase.name} has been revealed; the phase cannot reopen.`,
    );
  if (input.closesAt && input.closesAt <= phase.opensAt)
    throw new AppError(
      "BAD_REQUEST",
      `${phase.name} opens at ${phase.opensAt.toISOString()}; the deadline must come after that.`,
    );
  return db.$transaction(async (tx) => {
    await tx.phase.update({ where: { id: phase.id }, data: { closesAt: input.closesAt } });
    const change = {
      phase: phase.name,
      before: phase.closesAt?.toISOString() ?? null,
      after: input.closesAt?.toISOString() ?? null,
    };
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "phase.deadline_changed",
      challengeId: challenge.id,
      subjectType: "Phase",
      subjectId: phase.id,
      data: change,
    });
    return change;
  });
}
