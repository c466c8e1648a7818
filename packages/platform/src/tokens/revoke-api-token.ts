// Lists and revokes the caller's own tokens (never the token itself: only its prefix).
import { recordAudit } from "../audit/record-audit.ts";
import { requireSignedIn } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";

export async function listApiTokens({ db }: Platform, caller: Caller) {
  requireSignedIn(caller);
  return db.apiToken.findMany({
    where: { userId: caller.userId },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdAt: true,
      challenge: { select: { slug: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiToken({ db }: Platform, caller: Caller, tokenId: string): Promise<void> {
  requireSignedIn(caller);
  await db.$transaction(async (tx) => {
    const n = await tx.apiToken.updateMany({
      where: { id: tokenId, userId: caller.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (n.count === 0) throw new AppError("NOT_FOUND", "No such active token.");
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "token.revoked",
      subjectType: "ApiToken",
      subjectId: tokenId,
    });
  });
}
