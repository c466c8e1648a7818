// What a cached leaderboard response depends on, as one cheap SQL read
// (web/src/proxy.ts serves a cached response only while its stamp is
// unchanged). Only public challenges are ever cached, and only for callers
// whose access does not depend on who they are: anonymous page views, and
// tokens that may read the challenge.
import type { Pool } from "pg";
import { hashToken, isWellFormedToken } from "../tokens/token-format.ts";

/**
 * An MD5 over the challenge row, its phases (and whether each has closed, so
 * a close or an automatic reveal changes it) and its boards' materialisation
 * times; null when the response must not come from a cache: the challenge is
 * missing or restricted, or the token cannot read it (the normal route then
 * answers with the right refusal). With a token, also its id and its user's, for the rate limit.
 */
export async function leaderboardStamp(
  pool: Pool,
  slug: string,
  bearer: string | null,
): Promise<{ stamp: string; tokenId: string | null; userId: string | null } | null> {
  let tokenHash: string | null = null;
  if (bearer !== null) {
    const token = /^Bearer\s+(\S+)$/i.exec(bearer)?.[1];
    if (!token || !isWellFormedToken(token)) return null;
    tokenHash = hashToken(token);
  }
  const { rows } = await pool.query<{ stamp: string; tokenId: string | null; userId: string | null }>(
    `SELECT (SELECT t.id FROM "ApiToken" t WHERE t.hash = $2) AS "tokenId", (SELECT t."userId" FROM "ApiToken" t WHERE t.hash = $2) AS "userId", md5(c::text
              || COALESCE((SELECT string_agg(p::text || (p."closesAt" IS NOT NULL AND p."closesAt" <= now())::text, '|' ORDER BY p.id) FROM "Phase" p WHERE p."challengeId" = c.id), '')
              || COALESCE((SELECT string_agg(st."phaseId" || st.board::text || st."computedAt"::text, '|' ORDER BY st."phaseId", st.board)
                           FROM "LeaderboardState" st JOIN "Phase" p ON p.id = st."phaseId" WHERE p."challengeId" = c.id), '')) AS stamp
     FROM "Challenge" c
     WHERE c.slug = $1 AND c.visibility = 'PUBLIC'
       AND ($2::text IS NULL OR EXISTS (
         SELECT 1 FROM "ApiToken" t WHERE t.hash = $2 AND t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > now())
           AND 'read' = ANY(t.scopes) AND (t."challengeId" IS NULL OR t."challengeId" = c.id)))`,
    [slug, tokenHash],
  );
  return rows[0] ?? null;
}
