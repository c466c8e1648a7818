// Creates a personal access token for the caller. The token is returned once
// and never stored; a restriction to one challenge and an expiry are optional.
import { recordAudit } from "../audit/record-audit.ts";
import { accessOf, requireSignedIn, visibleChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { displayPrefix, generateToken, hashToken } from "./token-format.ts";

/** read: see; submit: submit and answer; create: create challenges from bundles (challenge creators only). */
export const TOKEN_SCOPES = ["read", "submit", "create"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Live (not revoked, not expired) tokens one user may hold. */
export const MAX_LIVE_TOKENS = 20;

export interface CreateTokenInput {
  name: string;
  scopes: string[];
  challengeSlug?: string;
  expiresInDays?: number;
}

export async function createApiToken({ db }: Platform, caller: Caller, input: CreateTokenInput) {
  requireSignedIn(caller);
  const unknown = input.scopes.filter((s) => !TOKEN_SCOPES.includes(s as TokenScope));
  if (input.scopes.length === 0 || unknown.length) {
    throw new AppError(
      "BAD_REQUEST",
      `Scopes must be among ${TOKEN_SCOPES.join(", ")}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}.`,
    );
  }
  if (
    input.expiresInDays !== undefined &&
    !(Number.isInteger(input.expiresInDays) && input.expiresInDays > 0 && input.expiresInDays <= 3650)
  ) {
    throw new AppError("BAD_REQUEST", "The expiry must be a whole number of days between 1 and 3650.");
  }
  const challenge = input.challengeSlug
    ? (await visibleChallenge(db, await accessOf(db, caller), { slug: input.challengeSlug }, { id: true })).challenge
    : null;
  const token = generateToken();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await db.$transaction(async (tx) => {
    // The cap holds under concurrency: one creation per user at a time, then the count.
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`tokens:${caller.userId}`}, 0))) AS l`;
    const live = await tx.apiToken.count({
      where: { userId: caller.userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (live >= MAX_LIVE_TOKENS)
      throw new AppError(
        "CONFLICT",
        `You have ${live} live tokens, the most one may hold; revoke one you no longer use first.`,
      );
    const row = await tx.apiToken.create({
      data: {
        userId: caller.userId,
        name: input.name.slice(0, 100) || "token",
        prefix: displayPrefix(token),
        hash: hashToken(token),
        scopes: [...new Set(input.scopes)],
        challengeId: challenge?.id ?? null,
        expiresAt,
      },
      select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "token.created",
      subjectType: "ApiToken",
      subjectId: row.id,
      data: { scopes: row.scopes, challenge: input.challengeSlug ?? null },
    });
    return row;
  });
  return { ...row, challengeSlug: input.challengeSlug ?? null, token };
}
