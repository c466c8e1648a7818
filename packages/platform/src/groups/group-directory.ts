// The group directory and group pages, within each group's member-list
// privacy: ADMINS (its administrators), MEMBERS (members, through nesting,
// and administrators), USERS (anyone signed in) or PUBLIC. Anonymous
// visitors see only PUBLIC groups; signed-in users see every group's name
// and description, as in the CERN e-group directory.
import type { Db } from "../db/client.ts";
import type { MemberListPrivacy } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { groupsOfUser } from "./groups-of-user.ts";
import { administers } from "./manage-groups.ts";

const summarySelect = {
  id: true,
  name: true,
  description: true,
  type: true,
  joinPolicy: true,
  privacy: true,
  expiresAt: true,
  ownerId: true,
  adminGroupId: true,
} as const;

function membersVisible(
  privacy: MemberListPrivacy,
  who: { signedIn: boolean; member: boolean; admin: boolean },
): boolean {
  switch (privacy) {
    case "PUBLIC":
      return true;
    case "USERS":
      return who.signedIn;
    case "MEMBERS":
      return who.member || who.admin;
    case "ADMINS":
      return who.admin;
  }
}

async function myGroupIds(db: Db, caller: Caller): Promise<string[]> {
  return caller ? (await groupsOfUser(db, caller.userId)).map((g) => g.id) : [];
}

export async function listGroups({ db }: Platform, caller: Caller) {
  const mine = await myGroupIds(db, caller);
  const groups = await db.group.findMany({
    where: caller ? {} : { privacy: "PUBLIC" },
    select: summarySelect,
    orderBy: { name: "asc" },
  });
  return Promise.all(
    groups.map(async ({ ownerId, adminGroupId, ...g }) => ({
      ...g,
      isMember: mine.includes(g.id),
      expired: g.expiresAt !== null && g.expiresAt <= new Date(),
      canAdminister: await administers(db, caller, { ownerId, adminGroupId }, mine),
    })),
  );
}

export async function getGroup({ db }: Platform, caller: Caller, name: string) {
  const group = await db.group.findUnique({
    where: { name },
    select: {
      ...summarySelect,
      owner: { select: { email: true, name: true } },
      adminGroup: { select: { name: true } },
    },
  });
  // Anonymous visitors learn nothing about non-public groups, not even that they exist.
  if (!group || (!caller && group.privacy !== "PUBLIC")) throw new AppError("NOT_FOUND", `No group ${name}.`);
  const mine = await myGroupIds(db, caller);
  const admin = await administers(db, caller, group, mine);
  const member = mine.includes(group.id);
  const showMembers = membersVisible(group.privacy, { signedIn: caller !== null, member, admin });
  const members = showMembers
    ? await db.groupMember.findMany({
        where: { groupId: group.id },
        select: {
          id: true,
          source: true,
          validFrom: true,
          validUntil: true,
          user: { select: { email: true, name: true } },
          memberGroup: { select: { name: true } },
        },
        orderBy: { createdAt: "asc" },
      })
    : null;
  const direct = caller
    ? await db.groupMember.findUnique({
        where: { groupId_userId: { groupId: group.id, userId: caller.userId } },
        select: { source: true },
      })
    : null;
  const pending = caller
    ? await db.groupJoinRequest.findFirst({
        where: { groupId: group.id, userId: caller.userId, status: "PENDING" },
        select: { id: true },
      })
    : null;
  const { ownerId: _o, adminGroupId: _a, ...shown } = group;
  return {
    ...shown,
    expired: group.expiresAt !== null && group.expiresAt <= new Date(),
    isMember: member,
    /** How the caller is a direct member ("LOCAL" can leave), or null. */
    directMembership: direct?.source ?? null,
    requestPending: pending !== null,
    canAdminister: admin,
    /** null when the member list is hidden from the caller by the group's privacy. */
    members:
      members?.map((m) => ({
        id: m.id,
        source: m.source,
        validUntil: m.validUntil,
        user: m.user && (admin ? m.user : { email: null, name: m.user.name ?? m.user.email.split("@")[0] }),
        group: m.memberGroup?.name ?? null,
      })) ?? null,
  };
}
