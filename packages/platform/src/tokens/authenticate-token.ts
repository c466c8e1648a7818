// Resolves `Authorization: Bearer <token>` to the token's owner, as they are
// now (a demoted owner's token loses what they lost), with the token's own
// limits: scopes and an optional challenge. Refusals say why.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller } from "../platform.ts";
import type { TokenScope } from "./create-api-token.ts";
import { hashToken, isWellFormedToken } from "./token-format.ts";

export interface TokenCaller {
  caller: NonNullable<Caller>;
  tokenId: string;
  scopes: string[];
  /** The one challenge the token works for, or null. */
  challengeSlug: string | null;
}

export async function authenticateToken(db: Db, authorization: string | null): Promise<TokenCaller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw new AppError("UNAUTHORIZED", "Send a personal access token: Authorization: Bearer <token>.");
  const token = match[1];
  if (!isWellFormedToken(token))
    throw new AppError("UNAUTHORIZED", "This is not a valid Unblind token (wrong format or checksum).");
  const row = await db.apiToken.findUnique({
    where: { hash: hashToken(token) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      challenge: { select: { slug: true } },
      user: { select: { id: true, siteRole: true, disabledAt: true } },
    },
  });
  if (!row) throw new AppError("UNAUTHORIZED", "Unknown token.");
  if (row.revokedAt) throw new AppError("UNAUTHORIZED", `This token was revoked on ${row.revokedAt.toISOString()}.`);
  if (row.expiresAt && row.expiresAt <= new Date())
    throw new AppError("UNAUTHORIZED", `This token expired on ${row.expiresAt.toISOString()}.`);
  if (row.user.disabledAt)
    throw new AppError("UNAUTHORIZED", "The account of this token has been disabled by a site admin.");
  touch(db, row.id);
  // The token's challenge restriction is part of the caller: every use case applies it (challenge-access.ts).
  const caller = {
    userId: row.user.id,
    siteRole: row.user.siteRole,
    ...(row.challenge ? { onlyChallenge: row.challenge.slug } : {}),
  };
  return { caller, tokenId: row.id, scopes: row.scopes, challengeSlug: row.challenge?.slug ?? null };
}

/** Refuses a call the token's scopes or challenge restriction do not cover. */
export function requireTokenAllows(token: TokenCaller, scope: TokenScope, challengeSlug?: string): void {
  if (!token.scopes.includes(scope))
    throw new AppError("FORBIDDEN", `This token lacks the "${scope}" scope (it has: ${token.scopes.join(", ")}).`);
  if (token.challengeSlug && challengeSlug !== undefined && challengeSlug !== token.challengeSlug) {
    throw new AppError("FORBIDDEN", `This token only works for the challenge "${token.challengeSlug}".`);
  }
}

/** lastUsedAt, to the minute: written at most once a minute per token and process; best effort, never blocks the call. */
const touched = new Map<string, number>();
function touch(db: Db, tokenId: string): void {
  const now = Date.now();
  if (now - (touched.get(tokenId) ?? 0) < 60_000) return;
  if (touched.size > 10_000) touched.clear();
  touched.set(tokenId, now);
  void db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
}
