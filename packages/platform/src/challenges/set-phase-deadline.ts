// Organizers move a phase's deadline: end it now, extend it, or leave it open
// ended. Audited with the before and after. An opened black box keeps the
// deadline its opening set.
import { recordAudit } from "../audit/record-audit.ts";
import type { Caller, Platform } from "../platform.ts";
import { organizedChallenge } from "./challenge-access.ts";
import { checkNewDates, findPhaseNamed } from "./editable-phase.ts";

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
  const phase = findPhaseNamed(challenge.phases, input.phase);
  checkNewDates(phase, { opensAt: phase.opensAt, closesAt: input.closesAt });
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
