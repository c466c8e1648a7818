// What a cached leaderboard response depends on (web/src/proxy.ts serves a
// cached response only while its stamp is unchanged). Only responses whose
// access does not depend on who asks are ever cached: the leaderboard of a
// challenge an anonymous visitor may see, for anonymous page views and for
// tokens that may read it. Who may see it and whether a token is live and
// allowed are the platform's own rules (challenge-access.ts,
// authenticate-token.ts), not restated here.
import { anonymousVisibleSql } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import { sqlQuery } from "../db/sql-transaction.ts";
import { authenticateToken, requireTokenAllows } from "../tokens/authenticate-token.ts";

/**
 * An MD5 over the challenge row, its phases (and whether each has closed, so
 * a close or an automatic reveal changes it) and its boards' materialisation
 * times; null when the response must not come from a cache: the challenge is
 * missing or not visible to everyone, or the token may not read it (the
 * normal route then answers with the right refusal). With a token, also its
 * id and its user's, for the rate limit.
 */
export async function leaderboardStamp(
  db: Db,
  slug: string,
  bearer: string | null,
): Promise<{ stamp: string; tokenId: string | null; userId: string | null } | null> {
  // The stamp in one statement on the pool (sql-transaction.ts), beside the token's check: this runs on every read.
  const [token, stamp] = await Promise.all([
    bearer === null ? null : readingToken(db, bearer, slug),
    sqlQuery<{ stamp: string }>(db, STAMP_SQL, [slug]).then((rows) => rows[0]?.stamp),
  ]);
  if (token === undefined || stamp === undefined) return null;
  return { stamp, tokenId: token?.tokenId ?? null, userId: token?.caller.userId ?? null };
}

/** The token, if it is live and may read this challenge's board; else undefined. */
async function readingToken(db: Db, bearer: string, slug: string) {
  try {
    const token = await authenticateToken(db, bearer);
    requireTokenAllows(token, "read", slug);
    return token;
  } catch {
    return undefined;
  }
}

const STAMP_SQL = `
  SELECT md5(c::text
    || COALESCE((SELECT string_agg(p::text || (p."closesAt" IS NOT NULL AND p."closesAt" <= now())::text, '|' ORDER BY p.id)
                 FROM "Phase" p WHERE p."challengeId" = c.id), '')
    || COALESCE((SELECT string_agg(st."phaseId" || st.board::text || st."computedAt"::text, '|' ORDER BY st."phaseId", st.board)
                 FROM "LeaderboardState" st JOIN "Phase" p ON p.id = st."phaseId" WHERE p."challengeId" = c.id), '')) AS stamp
  FROM "Challenge" c WHERE c.slug = $1 AND ${anonymousVisibleSql("c")}`;
