// Who may see, enter and organize a challenge. Every use case asks here, and
// the answers are Prisma where-clauses, so access is part of the query: a row
// the caller may not see is never read, and an invisible challenge looks
// exactly like one that does not exist (404, never 403).
//
// - Visible: PUBLIC challenges to everyone; RESTRICTED ones to members of a
//   VIEW or ORGANIZE group, to organizer and participant users, and to site
//   admins.
// - Organizer: a site admin, an ORGANIZER user, or a member of an ORGANIZE group.
// - Eligible to submit: sees the challenge and is in its eligible group (and
//   in the also-required group, when set), or holds a PARTICIPANT role, or
//   organizes it. No eligible group: everyone who sees it.
// Group membership is resolved at request time (groupsOfUser), so a removed
// or expired membership stops granting at once.
import type { Db } from "../db/client.ts";
import type { FileAccess, Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { groupsOfUser } from "../groups/groups-of-user.ts";
import type { Caller } from "../platform.ts";

/** A caller with the groups they are in right now. */
export interface Access {
  caller: Caller;
  groupIds: string[];
}

export async function accessOf(db: Db, caller: Caller): Promise<Access> {
  return { caller, groupIds: caller ? (await groupsOfUser(db, caller.userId)).map((g) => g.id) : [] };
}

/** A token restricted to one challenge narrows every where-clause to it. */
function restricted(caller: Caller, where: Prisma.ChallengeWhereInput): Prisma.ChallengeWhereInput {
  return caller?.onlyChallenge === undefined ? where : { AND: [where, { slug: caller.onlyChallenge }] };
}

const ANONYMOUS_VISIBLE = { visibility: "PUBLIC" } as const satisfies Prisma.ChallengeWhereInput;

/**
 * SQL: whether the challenge row `alias` is visible to an anonymous visitor,
 * the same rule as visibleChallenges({ caller: null }), for the one hot path
 * that reads in plain SQL (leaderboard-stamp.ts).
 */
export const anonymousVisibleSql = (alias: string) =>
  `${alias}.visibility = '${ANONYMOUS_VISIBLE.visibility}'::"ChallengeVisibility"`;

export function visibleChallenges({ caller, groupIds }: Access): Prisma.ChallengeWhereInput {
  if (!caller) return ANONYMOUS_VISIBLE;
  if (caller.siteRole === "ADMIN") return restricted(caller, {});
  return restricted(caller, {
    OR: [
      { visibility: "PUBLIC" },
      { grants: { some: { groupId: { in: groupIds } } } },
      { roles: { some: { userId: caller.userId } } },
    ],
  });
}

export function organizedChallenges({ caller, groupIds }: Access): Prisma.ChallengeWhereInput {
  if (!caller) return { id: { in: [] } };
  if (caller.siteRole === "ADMIN") return restricted(caller, {});
  return restricted(caller, {
    OR: [
      { roles: { some: { userId: caller.userId, role: "ORGANIZER" } } },
      { grants: { some: { kind: "ORGANIZE", groupId: { in: groupIds } } } },
    ],
  });
}

/** The caller's own rows (submissions, uploads): within their token's challenge, when it has one. */
export function ownChallenges(caller: NonNullable<Caller>): Prisma.ChallengeWhereInput {
  return restricted(caller, {});
}

/** The caller's rights on one challenge (which they can see). */
export interface ChallengeRights {
  organizer: boolean;
  eligible: boolean;
  /** Why the caller may not submit, in words, when not eligible. */
  notEligibleBecause: string | null;
}

const rightsSelect = {
  id: true,
  eligibleGroup: { select: { id: true, name: true } },
  alsoRequiredGroup: { select: { id: true, name: true } },
} satisfies Prisma.ChallengeSelect;

/**
 * The challenge (by slug or id) if the caller can see it, with their rights;
 * NOT_FOUND otherwise, the same answer as for a challenge that does not exist.
 */
export async function visibleChallenge<S extends Prisma.ChallengeSelect>(
  db: Db,
  access: Access,
  where: { slug: string } | { id: string },
  select: S,
) {
  const challenge = await findVisibleChallenge(db, access, where, { ...select, ...rightsSelect });
  const rights = await rightsOn(
    db,
    access,
    challenge as unknown as Prisma.ChallengeGetPayload<{ select: typeof rightsSelect }>,
  );
  return { challenge, ...rights };
}

/** The challenge (by slug or id) if the caller can see it, without their rights (two queries fewer); else NOT_FOUND. */
export async function findVisibleChallenge<S extends Prisma.ChallengeSelect>(
  db: Db,
  access: Access,
  where: { slug: string } | { id: string },
  select: S,
) {
  const challenge = await db.challenge.findFirst({ where: { AND: [where, visibleChallenges(access)] }, select });
  if (!challenge)
    throw new AppError("NOT_FOUND", "slug" in where ? `No challenge "${where.slug}".` : "No such challenge.");
  return challenge;
}

/** The challenge if the caller organizes it; FORBIDDEN (saying what `only` organizers may do) if they only see it. */
export async function organizedChallenge<S extends Prisma.ChallengeSelect>(
  db: Db,
  caller: Caller,
  where: { slug: string } | { id: string },
  select: S,
  only: string,
) {
  requireSignedIn(caller);
  const { challenge, organizer } = await visibleChallenge(db, await accessOf(db, caller), where, select);
  if (!organizer) throw new AppError("FORBIDDEN", `Only the organizers of this challenge can ${only}.`);
  return challenge;
}

async function rightsOn(
  db: Db,
  access: Access,
  c: Prisma.ChallengeGetPayload<{ select: typeof rightsSelect }>,
): Promise<ChallengeRights> {
  const { caller, groupIds } = access;
  if (!caller) return { organizer: false, eligible: false, notEligibleBecause: "Sign in first." };
  const organizer = await organizes(db, access, c.id);
  if (organizer) return { organizer, eligible: true, notEligibleBecause: null };
  const participant =
    (await db.challengeRole.count({ where: { challengeId: c.id, userId: caller.userId, role: "PARTICIPANT" } })) > 0;
  const missing = [c.eligibleGroup, c.alsoRequiredGroup]
    .filter((g) => g && !groupIds.includes(g.id))
    .map((g) => g!.name);
  if (participant || missing.length === 0) return { organizer, eligible: true, notEligibleBecause: null };
  return {
    organizer,
    eligible: false,
    notEligibleBecause: `Only members of ${[c.eligibleGroup, c.alsoRequiredGroup]
      .filter(Boolean)
      .map((g) => g!.name)
      .join(" and ")} may take part; you are not in ${missing.join(" or ")}.`,
  };
}

async function organizes(db: Db, access: Access, challengeId: string): Promise<boolean> {
  return (await db.challenge.count({ where: { AND: [{ id: challengeId }, organizedChallenges(access)] } })) > 0;
}

/** Whether the caller organizes the challenge. Site admins organize all. */
export async function isOrganizer(db: Db, caller: Caller, challengeId: string): Promise<boolean> {
  if (!caller) return false;
  if (caller.siteRole === "ADMIN") return true;
  return organizes(db, await accessOf(db, caller), challengeId);
}

/**
 * Dataset file levels a caller may see listed and download. TRUTH never:
 * only the scorer reads it, from storage, with its own credentials.
 */
export function visibleFileLevels(rights: ChallengeRights): FileAccess[] {
  if (rights.organizer) return ["PUBLIC", "PARTICIPANTS", "ORGANIZERS"];
  return rights.eligible ? ["PUBLIC", "PARTICIPANTS"] : ["PUBLIC"];
}

export function requireSignedIn(caller: Caller): asserts caller is NonNullable<Caller> {
  if (!caller) throw new AppError("UNAUTHORIZED", "Sign in first.");
}

/** Refuses (403) anyone but a site admin; `only` says what only they may do ("disable accounts"). */
export function requireSiteAdmin(caller: Caller, only: string): asserts caller is NonNullable<Caller> {
  if (caller?.siteRole !== "ADMIN") throw new AppError("FORBIDDEN", `Only site admins can ${only}.`);
}
