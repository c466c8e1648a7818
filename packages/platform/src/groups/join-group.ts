// Joining and leaving groups by their join policy, as CERN e-groups do:
// CLOSED groups are changed by their administrators only, OPEN ones take
// anyone who subscribes, and OPEN_WITH_ADMIN_APPROVAL ones queue a request
// that an administrator approves or denies. Every change is audited in the
// transaction that makes it.
import { recordAudit } from "../audit/record-audit.ts";
import { requireSignedIn } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { groupsOfUser } from "./groups-of-user.ts";
import { administers, groupNamed } from "./manage-groups.ts";

export type JoinOutcome = "joined" | "requested";

export async function joinGroup({ db }: Platform, caller: Caller, name: string): Promise<JoinOutcome> {
  requireSignedIn(caller);
  const group = await db.group.findUnique({
    where: { name },
    select: { id: true, name: true, joinPolicy: true, type: true, expiresAt: true },
  });
  if (!group) throw new AppError("NOT_FOUND", `No group ${name}.`);
  if (group.expiresAt && group.expiresAt <= new Date())
    throw new AppError("CONFLICT", `The group ${name} has expired.`);
  if (group.type !== "STATIC")
    throw new AppError(
      "FORBIDDEN",
      `Membership of ${name} comes from ${group.type === "SSO" ? "single sign-on roles" : "a rule on user attributes"}; it cannot be joined by hand.`,
    );
  if (group.joinPolicy === "CLOSED")
    throw new AppError("FORBIDDEN", `${name} is closed: only its administrators add members.`);
  const already = await db.groupMember.findUnique({
    where: { groupId_userId: { groupId: group.id, userId: caller.userId } },
    select: { id: true },
  });
  if (already) throw new AppError("CONFLICT", `You are already a member of ${name}.`);
  return db.$transaction(async (tx) => {
    if (group.joinPolicy === "OPEN") {
      await tx.groupMember.create({ data: { groupId: group.id, userId: caller.userId } });
      await recordAudit(tx, {
        actorId: caller.userId,
        action: "group.joined",
        subjectType: "Group",
        subjectId: group.id,
        data: { name },
      });
      return "joined";
    }
    if (
      await tx.groupJoinRequest.findFirst({
        where: { groupId: group.id, userId: caller.userId, status: "PENDING" },
        select: { id: true },
      })
    ) {
      throw new AppError("CONFLICT", `Your request to join ${name} is already waiting for an administrator.`);
    }
    const request = await tx.groupJoinRequest.create({
      data: { groupId: group.id, userId: caller.userId },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "group.join_requested",
      subjectType: "Group",
      subjectId: group.id,
      data: { name, request: request.id },
    });
    return "requested";
  });
}

/** Leaves a group the caller joined (or was added to) locally; SSO memberships follow the SSO roles. */
export async function leaveGroup({ db }: Platform, caller: Caller, name: string): Promise<void> {
  requireSignedIn(caller);
  const group = await groupNamed(db, name);
  await db.$transaction(async (tx) => {
    const n = await tx.groupMember.deleteMany({ where: { groupId: group.id, userId: caller.userId, source: "LOCAL" } });
    if (n.count === 0) throw new AppError("NOT_FOUND", `You are not a local member of ${name}.`);
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "group.left",
      subjectType: "Group",
      subjectId: group.id,
      data: { name },
    });
  });
}

/** Pending requests to join the groups the caller administers: the approval queue. */
export async function listJoinRequests({ db }: Platform, caller: Caller) {
  requireSignedIn(caller);
  const mine = (await groupsOfUser(db, caller.userId)).map((g) => g.id);
  return db.groupJoinRequest.findMany({
    where: {
      status: "PENDING",
      ...(caller.siteRole === "ADMIN"
        ? {}
        : { group: { OR: [{ ownerId: caller.userId }, { adminGroupId: { in: mine } }] } }),
    },
    select: {
      id: true,
      createdAt: true,
      group: { select: { name: true } },
      user: { select: { email: true, name: true } },
    },
    orderBy: { createdAt: "asc" },
  });
}

export async function decideJoinRequest(
  { db }: Platform,
  caller: Caller,
  input: { requestId: string; approve: boolean },
): Promise<void> {
  requireSignedIn(caller);
  const request = await db.groupJoinRequest.findUnique({
    where: { id: input.requestId },
    select: {
      id: true,
      status: true,
      userId: true,
      group: { select: { id: true, name: true, ownerId: true, adminGroupId: true } },
    },
  });
  // A request the caller may not decide looks like one that does not exist.
  if (!request || !(await administers(db, caller, request.group)))
    throw new AppError("NOT_FOUND", "No such join request.");
  await db.$transaction(async (tx) => {
    const n = await tx.groupJoinRequest.updateMany({
      where: { id: request.id, status: "PENDING" },
      data: { status: input.approve ? "APPROVED" : "DENIED", decidedAt: new Date(), decidedById: caller.userId },
    });
    if (n.count === 0) throw new AppError("CONFLICT", "This request was already decided.");
    if (input.approve) {
      await tx.groupMember.upsert({
        where: { groupId_userId: { groupId: request.group.id, userId: request.userId } },
        create: { groupId: request.group.id, userId: request.userId },
        update: {},
      });
    }
    await recordAudit(tx, {
      actorId: caller.userId,
      action: input.approve ? "group.join_approved" : "group.join_denied",
      subjectType: "Group",
      subjectId: request.group.id,
      data: { name: request.group.name, userId: request.userId, request: request.id },
    });
  });
}
