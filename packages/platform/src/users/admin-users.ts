// Site admins' operations on users, for the admin CLI (and any admin page):
// each checks the caller and writes its audit event with the change.
import { recordAudit } from "../audit/record-audit.ts";
import { requireSiteAdmin } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";

/** A user by email, or NOT_FOUND saying how to create one. */
export async function userByEmail({ db }: Platform, email: string) {
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, siteRole: true, email: true },
  });
  if (!user) throw new AppError("NOT_FOUND", `No user ${email}; create it with: user create --email ${email}`);
  return user;
}

/** Creates a user (or renames an existing one); audited when something changed. */
export async function createUser({ db }: Platform, caller: Caller, input: { email: string; name?: string }) {
  requireSiteAdmin(caller, "do this");
  const email = input.email.toLowerCase();
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { email }, select: { name: true } });
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: input.name ?? null },
      update: input.name ? { name: input.name } : {},
      select: { id: true, email: true, name: true },
    });
    if (!before || (input.name && before.name !== input.name)) {
      await recordAudit(tx, {
        actorId: caller.userId,
        action: before ? "user.renamed" : "user.created",
        subjectType: "User",
        subjectId: user.id,
        data: { email, name: user.name },
      });
    }
    return user;
  });
}

/** Makes a user a site admin or a plain user again; audited with the role before. */
export async function setSiteRole(platform: Platform, caller: Caller, input: { email: string; to: "ADMIN" | "USER" }) {
  requireSiteAdmin(caller, "do this");
  const user = await userByEmail(platform, input.email);
  await platform.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { siteRole: input.to } });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "user.site_role_changed",
      subjectType: "User",
      subjectId: user.id,
      data: { email: user.email, before: user.siteRole, after: input.to },
    });
  });
  return { email: user.email, siteRole: input.to, was: user.siteRole };
}
