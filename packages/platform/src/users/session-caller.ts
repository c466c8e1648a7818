// Browser sessions are signed cookies (JWT) that the server cannot take back
// by itself; each one carries its user's session version, and every request
// checks it here. Raising the version (sign-out, disabling the account) ends
// every session of the user at once, on the server.
import { recordAudit } from "../audit/record-audit.ts";
import { requireSiteAdmin } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";

/** The caller of a session as the user is now (role included), or null when the session has ended. */
export async function sessionCaller(db: Db, session: { userId: string; sessionVersion: number }): Promise<Caller> {
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { siteRole: true, sessionVersion: true, disabledAt: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== session.sessionVersion) return null;
  return { userId: session.userId, siteRole: user.siteRole };
}

/** Ends every browser session of the user (sign-out). */
export async function endSessions(db: Db, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * A site admin disables (or enables again) an account: its sessions end at
 * once, its tokens stop working, and it cannot sign in. Audited.
 */
export async function setUserDisabled({ db }: Platform, caller: Caller, input: { email: string; disabled: boolean }) {
  requireSiteAdmin(caller, "disable accounts");
  const email = input.email.toLowerCase();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, disabledAt: true } });
    if (!user) throw new AppError("NOT_FOUND", `No user ${email}.`);
    if (user.id === caller.userId && input.disabled)
      throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
    const disabledAt = input.disabled ? (user.disabledAt ?? new Date()) : null;
    await tx.user.update({ where: { id: user.id }, data: { disabledAt, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: input.disabled ? "user.disabled" : "user.enabled",
      subjectType: "User",
      subjectId: user.id,
      data: { email },
    });
    return { email, disabled: input.disabled, disabledAt: disabledAt?.toISOString() ?? null };
  });
}
