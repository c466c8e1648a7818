// An organizer (or a site admin) names a user organizer or participant of a
// challenge; the grant and its audit event are written together.
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { organizedChallenge } from "./challenge-access.ts";

export async function setChallengeRole(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; email: string; role: "ORGANIZER" | "PARTICIPANT" },
) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    { id: true, slug: true },
    "name its organizers and participants",
  );
  const email = input.email.toLowerCase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user ${email}.`);
  return db.$transaction(async (tx) => {
    const key = { challengeId: challenge.id, userId: user.id, role: input.role };
    const existed = await tx.challengeRole.findUnique({
      where: { challengeId_userId_role: key },
      select: { userId: true },
    });
    if (!existed) {
      await tx.challengeRole.create({ data: key });
      await recordAudit(tx, {
        actorId: caller!.userId,
        action: "challenge.role_granted",
        challengeId: challenge.id,
        subjectType: "User",
        subjectId: user.id,
        data: { email, role: input.role },
      });
    }
    return { slug: challenge.slug, email, role: input.role.toLowerCase(), granted: !existed };
  });
}
