// Resolves `Authorization: Bearer <token>` to the token's owner, as they are
// now (a demoted owner's token loses what they lost), with the token's own
// limits: scopes and an optional challenge. Refusals say why.
import type { Db } from "../db/client.ts";
import { sqlQuery } from "../db/sql-transaction.ts";
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
  // In plain SQL on the pool (sql-transaction.ts): every API call and every cached board read runs it.
  const [row] = await sqlQuery<TokenRow>(db, TOKEN_SQL, [hashToken(token)]);
  if (!row) throw new AppError("UNAUTHORIZED", "Unknown token.");
  if (row.revokedAt) throw new AppError("UNAUTHORIZED", `This token was revoked on ${row.revokedAt.toISOString()}.`);
  if (row.expiresAt && row.expiresAt <= new Date())
    throw new AppError("UNAUTHORIZED", `This token expired on ${row.expiresAt.toISOString()}.`);
  if (row.disabled) throw new AppError("UNAUTHORIZED", "The account of this token has been disabled by a site admin.");
  touch(db, row.id);
  // The token's challenge restriction is part of the caller: every use case applies it (challenge-access.ts).
  const caller = {
    userId: row.userId,
    siteRole: row.siteRole,
    ...(row.challengeSlug !== null ? { onlyChallenge: row.challengeSlug } : {}),
  };
  return { caller, tokenId: row.id, scopes: row.scopes, challengeSlug: row.challengeSlug };
}

interface TokenRow {
  id: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  challengeSlug: string | null;
  userId: string;
  siteRole: "USER" | "ADMIN";
  disabled: boolean;
}

// The columns hold UTC without a zone (Prisma's DateTime): AT TIME ZONE 'UTC' hands pg instants, not local times.
const TOKEN_SQL = `
  SELECT t.id, t.scopes, t."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", t."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt",
         c.slug AS "challengeSlug", u.id AS "userId", u."siteRole"::text AS "siteRole", u."disabledAt" IS NOT NULL AS disabled
  FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" LEFT JOIN "Challenge" c ON c.id = t."challengeId"
  WHERE t.hash = $1`;

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
