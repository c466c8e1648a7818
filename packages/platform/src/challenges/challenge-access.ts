import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller } from "../platform.ts";

/**
 * Whether the caller organizes the challenge. Site admins organize all.
 * (Visibility is public for every challenge until group-based access lands.)
 */
export async function isOrganizer(db: Db, caller: Caller, challengeId: string): Promise<boolean> {
  if (!caller) return false;
  if (caller.siteRole === "ADMIN") return true;
  const role = await db.challengeRole.findFirst({ where: { challengeId, userId: caller.userId, role: "ORGANIZER" }, select: { role: true } });
  return role !== null;
}

export function requireSignedIn(caller: Caller): asserts caller is NonNullable<Caller> {
  if (!caller) throw new AppError("UNAUTHORIZED", "Sign in first.");
}
