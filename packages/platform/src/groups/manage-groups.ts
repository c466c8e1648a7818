// Creating groups and changing their members, with the e-group rules: names
// with a dash, admins are the owner, site admins and the members of the
// administrators group; a nesting that would close a cycle is refused; each
// change is audited in its own transaction.
import { recordAudit } from "../audit/record-audit.ts";
import { requireSignedIn } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import type { GroupType, JoinPolicy, MemberListPrivacy } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { groupsOfUser, isNestedIn } from "./groups-of-user.ts";

const GROUP_NAME = /^[a-z0-9]+(-[a-z0-9]+)+$/;

export interface NewGroup {
  name: string;
  description?: string;
  /** STATIC (listed members), DYNAMIC (a rule on user attributes) or SSO (mirrored from the roles claim). */
  type?: GroupType;
  /** DYNAMIC: {"emailDomain": "cern.ch"} or {"claim": "affiliation", "equals": "CERN"}; SSO: {"role": "<role>"} (default: the group's name). */
  rule?: Record<string, string>;
  joinPolicy?: JoinPolicy;
  privacy?: MemberListPrivacy;
  expiresAt?: Date;
  adminGroup?: string;
}

export async function createGroup({ db }: Platform, caller: Caller, input: NewGroup) {
  requireSignedIn(caller);
  if (!GROUP_NAME.test(input.name))
    throw new AppError(
      "BAD_REQUEST",
      `Group names are lower case with at least one dash, like cms-ml-members; "${input.name}" is not.`,
    );
  const ruleProblem = ruleRefusal(input.type ?? "STATIC", input.rule);
  if (ruleProblem) throw new AppError("BAD_REQUEST", ruleProblem);
  const adminGroup = input.adminGroup ? await groupNamed(db, input.adminGroup) : null;
  return db.$transaction(async (tx) => {
    if (await tx.group.findUnique({ where: { name: input.name }, select: { id: true } }))
      throw new AppError("CONFLICT", `The group ${input.name} already exists.`);
    const group = await tx.group.create({
      data: {
        name: input.name,
        description: input.description ?? "",
        ownerId: caller.userId,
        type: input.type,
        rule: input.rule,
        joinPolicy: input.joinPolicy,
        privacy: input.privacy,
        expiresAt: input.expiresAt,
        adminGroupId: adminGroup?.id,
      },
      select: { id: true, name: true, joinPolicy: true, privacy: true, expiresAt: true },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "group.created",
      subjectType: "Group",
      subjectId: group.id,
      data: { name: group.name },
    });
    return group;
  });
}

function ruleRefusal(type: GroupType, rule: Record<string, string> | undefined): string | null {
  const keys = Object.keys(rule ?? {})
    .sort()
    .join(",");
  if (type === "STATIC") return rule ? "A static group has no rule: its members are listed." : null;
  if (type === "SSO")
    return keys === "" || keys === "role" ? null : 'An SSO group\'s rule is {"role": "<role in the SSO roles claim>"}.';
  return keys === "emailDomain" || keys === "claim,equals"
    ? null
    : 'A dynamic group needs the rule {"emailDomain": "cern.ch"} or {"claim": "affiliation", "equals": "CERN"}.';
}

export type MemberRef = { email: string } | { group: string };

export async function addGroupMember(
  platform: Platform,
  caller: Caller,
  input: { group: string; member: MemberRef; validUntil?: Date },
) {
  const { db } = platform;
  const group = await requireGroupAdmin(db, caller, input.group);
  const member = await resolveMember(db, input.member);
  if (member.memberGroupId && (await isNestedIn(db, group.id, member.memberGroupId))) {
    const inner = "group" in input.member ? input.member.group : "";
    throw new AppError(
      "BAD_REQUEST",
      `Adding ${inner} to ${group.name} would make a cycle: ${group.name} is already inside ${inner}.`,
    );
  }
  return db.$transaction(async (tx) => {
    const where = member.userId
      ? { groupId_userId: { groupId: group.id, userId: member.userId } }
      : { groupId_memberGroupId: { groupId: group.id, memberGroupId: member.memberGroupId! } };
    const row = await tx.groupMember.upsert({
      where,
      create: { groupId: group.id, ...member, validUntil: input.validUntil },
      update: { validUntil: input.validUntil ?? null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "group.member_added",
      subjectType: "Group",
      subjectId: group.id,
      data: { member: input.member, validUntil: input.validUntil?.toISOString() ?? null },
    });
    return row;
  });
}

export async function removeGroupMember(
  platform: Platform,
  caller: Caller,
  input: { group: string; member: MemberRef },
) {
  const { db } = platform;
  const group = await requireGroupAdmin(db, caller, input.group);
  const member = await resolveMember(db, input.member);
  await db.$transaction(async (tx) => {
    const n = await tx.groupMember.deleteMany({ where: { groupId: group.id, ...member } });
    if (n.count === 0) throw new AppError("NOT_FOUND", `Not a member of ${group.name}.`);
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "group.member_removed",
      subjectType: "Group",
      subjectId: group.id,
      data: { member: input.member },
    });
  });
}

export async function groupNamed(db: Db, name: string) {
  const group = await db.group.findUnique({
    where: { name },
    select: { id: true, name: true, ownerId: true, adminGroupId: true },
  });
  if (!group) throw new AppError("NOT_FOUND", `No group ${name}.`);
  return group;
}

/** Whether the caller administers the group: its owner, a site admin, or a member of its administrators group. */
export async function administers(
  db: Db,
  caller: Caller,
  group: { ownerId: string; adminGroupId: string | null },
  callerGroupIds?: string[],
): Promise<boolean> {
  if (!caller) return false;
  if (caller.siteRole === "ADMIN" || group.ownerId === caller.userId) return true;
  if (!group.adminGroupId) return false;
  return (callerGroupIds ?? (await groupsOfUser(db, caller.userId)).map((g) => g.id)).includes(group.adminGroupId);
}

/** The group, if the caller may administer it. */
export async function requireGroupAdmin(db: Db, caller: Caller, name: string) {
  requireSignedIn(caller);
  const group = await groupNamed(db, name);
  if (await administers(db, caller, group)) return group;
  throw new AppError("FORBIDDEN", `Only the administrators of ${group.name} can change its members.`);
}

async function resolveMember(db: Db, member: MemberRef): Promise<{ userId?: string; memberGroupId?: string }> {
  if ("email" in member) {
    const user = await db.user.findUnique({ where: { email: member.email.toLowerCase() }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", `No user ${member.email}.`);
    return { userId: user.id };
  }
  return { memberGroupId: (await groupNamed(db, member.group)).id };
}
