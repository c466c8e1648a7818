// Organizers edit a phase on the settings page: when it opens and closes,
// how many submissions a day, how large a file. Dates follow the rules of
// a deadline change (editable-phase.ts), and a phase cannot open after a
// submission it already took. One audit event holds what changed, before
// and after. Nothing here changes what a score is made of: no re-scoring.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { organizedChallenge } from "./challenge-access.ts";
import { checkNewDates, findPhaseNamed } from "./editable-phase.ts";

export const phaseScheduleSchema = z.object({
  slug: z.string().min(1).max(100),
  phase: z.string().min(1).max(80),
  opensAt: z.coerce.date().optional(),
  /** null: never closes. */
  closesAt: z.coerce.date().nullable().optional(),
  maxPerDay: z.int().min(1).max(1000).optional(),
  maxFileBytes: z
    .int()
    .min(1)
    .max(64 * 1024 ** 3)
    .optional(),
});
export type PhaseScheduleInput = z.infer<typeof phaseScheduleSchema>;

export async function setPhaseSchedule({ db }: Platform, caller: Caller, input: PhaseScheduleInput) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    {
      id: true,
      phases: {
        select: {
          id: true,
          name: true,
          opensAt: true,
          closesAt: true,
          openedAt: true,
          privateRevealedAt: true,
          maxPerDay: true,
          maxFileBytes: true,
        },
      },
    },
    "change its phases",
  );
  const phase = findPhaseNamed(challenge.phases, input.phase);
  const before = {
    opensAt: phase.opensAt.toISOString(),
    closesAt: phase.closesAt?.toISOString() ?? null,
    maxPerDay: phase.maxPerDay,
    maxFileBytes: Number(phase.maxFileBytes),
  };
  const opensAt = input.opensAt ?? phase.opensAt;
  const closesAt = input.closesAt === undefined ? phase.closesAt : input.closesAt;
  const after = {
    opensAt: opensAt.toISOString(),
    closesAt: closesAt?.toISOString() ?? null,
    maxPerDay: input.maxPerDay ?? phase.maxPerDay,
    maxFileBytes: input.maxFileBytes ?? Number(phase.maxFileBytes),
  };
  if (after.opensAt !== before.opensAt || after.closesAt !== before.closesAt) {
    checkNewDates(phase, { opensAt, closesAt });
    if (opensAt > phase.opensAt) {
      const first = await db.submission.findFirst({
        where: { phaseId: phase.id },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true },
      });
      if (first && first.createdAt < opensAt)
        throw new AppError(
          "CONFLICT",
          `${phase.name} took a submission at ${first.createdAt.toISOString()}; it cannot open after that.`,
        );
    }
  }
  const changed = Object.fromEntries(
    Object.entries(after).filter(([k, v]) => before[k as keyof typeof before] !== v),
  ) as Partial<typeof after>;
  if (!Object.keys(changed).length) return { phase: phase.name, before, after };
  await db.$transaction(async (tx) => {
    await tx.phase.update({
      where: { id: phase.id },
      data: { opensAt, closesAt, maxPerDay: after.maxPerDay, maxFileBytes: BigInt(after.maxFileBytes) },
    });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "phase.schedule_changed",
      challengeId: challenge.id,
      subjectType: "Phase",
      subjectId: phase.id,
      data: {
        phase: phase.name,
        before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]])),
        after: changed,
      },
    });
  });
  return { phase: phase.name, before, after };
}
