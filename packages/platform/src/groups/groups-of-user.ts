// The groups a user is in right now, through any depth of nesting, as CERN
// e-groups resolve them: a membership counts only inside its validFrom /
// validUntil window and only while its group has not expired; an expired or
// out-of-window link grants nothing through it. Dynamic groups match on user
// attributes (the email domain, or a claim stored at SSO sign-in). Evaluated at request time, in one query, so
// access ends the moment it should. UNION (not UNION ALL) ends on cycles.
import type { Db } from "../db/client.ts";

export async function groupsOfUser(db: Db, userId: string): Promise<{ id: string; name: string }[]> {
  return db.$queryRaw<{ id: string; name: string }[]>`
    WITH RECURSIVE live AS (
      SELECT id FROM "Group" WHERE "expiresAt" IS NULL OR "expiresAt" > now()
    ), member_of(id) AS (
      SELECT m."groupId" FROM "GroupMember" m JOIN live ON live.id = m."groupId"
      WHERE m."userId" = ${userId}
        AND (m."validFrom" IS NULL OR m."validFrom" <= now()) AND (m."validUntil" IS NULL OR m."validUntil" > now())
      UNION
      SELECT g.id FROM "Group" g JOIN live ON live.id = g.id JOIN "User" u ON u.id = ${userId}
      WHERE g.type = 'DYNAMIC' AND (lower(g.rule->>'emailDomain') = lower(split_part(u.email, '@', 2))
        OR (g.rule ? 'claim' AND u.attributes->>(g.rule->>'claim') = g.rule->>'equals'))
      UNION
      SELECT m."groupId" FROM "GroupMember" m JOIN member_of ON m."memberGroupId" = member_of.id JOIN live ON live.id = m."groupId"
      WHERE (m."validFrom" IS NULL OR m."validFrom" <= now()) AND (m."validUntil" IS NULL OR m."validUntil" > now())
    )
    SELECT g.id, g.name FROM member_of JOIN "Group" g ON g.id = member_of.id ORDER BY g.name`;
}

/** Whether `inner` is (transitively) a member of `outer`, ignoring time: adding outer into inner would close a cycle. */
export async function isNestedIn(db: Pick<Db, "$queryRaw">, inner: string, outer: string): Promise<boolean> {
  if (inner === outer) return true;
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE up(id) AS (
      SELECT "groupId" FROM "GroupMember" WHERE "memberGroupId" = ${inner}
      UNION
      SELECT m."groupId" FROM "GroupMember" m JOIN up ON m."memberGroupId" = up.id
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${outer}) AS found`;
  return rows[0]?.found === true;
}
