// The audit trail as people read it: organizers see their challenge's events,
// a site admin sees everything (challenge or not). Newest first, paged by id.
import { accessOf, visibleChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";

export async function listAuditEvents(
  { db }: Platform,
  caller: Caller,
  input: { challengeSlug?: string; actor?: string; beforeId?: bigint; limit?: number },
) {
  if (!caller) throw new AppError("UNAUTHORIZED", "Sign in first.");
  let challengeId: string | undefined;
  if (input.challengeSlug) {
    const { challenge, organizer } = await visibleChallenge(
      db,
      await accessOf(db, caller),
      { slug: input.challengeSlug },
      { id: true },
    );
    if (!organizer) throw new AppError("FORBIDDEN", "Only the organizers of this challenge can read its audit trail.");
    challengeId = challenge.id;
  } else if (caller.siteRole !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only site admins can read the whole audit log.");
  }
  // The actor: a user's email, or a non-user actor id such as "admin-cli".
  const actorId =
    input.actor &&
    ((await db.user.findUnique({ where: { email: input.actor.toLowerCase() }, select: { id: true } }))?.id ??
      input.actor);
  const events = await db.auditEvent.findMany({
    where: {
      ...(challengeId ? { challengeId } : {}),
      ...(actorId ? { actorId } : {}),
      ...(input.beforeId ? { id: { lt: input.beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(input.limit ?? 100, 1), 500),
  });
  const actors = await db.user.findMany({
    where: { id: { in: [...new Set(events.map((e) => e.actorId).filter((a): a is string => !!a))] } },
    select: { id: true, email: true },
  });
  return events.map((e) => ({
    ...e,
    id: e.id.toString(),
    actor: actors.find((a) => a.id === e.actorId)?.email ?? e.actorId,
  }));
}
