// At each SSO sign-in the user's roles claim (CERN's cern_roles) is mirrored
// into the SSO-type groups: a group matches a role when its rule says
// {"role": "<role>"}, or, without a rule, when its name is the role.
// Memberships made here have source SSO and are replaced at every sign-in;
// local memberships are never touched. The chosen claims are also stored as
// user attributes, which dynamic groups match on ({"claim", "equals"}).
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../db/client.ts";

export async function syncSsoGroups(db: Db, userId: string, roles: string[], attributes: Record<string, string>) {
  const wanted = new Set(roles);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { attributes } });
    const ssoGroups = await tx.group.findMany({ where: { type: "SSO" }, select: { id: true, name: true, rule: true } });
    const roleOf = (g: { name: string; rule: unknown }) =>
      ((g.rule as { role?: unknown } | null)?.role as string | undefined) ?? g.name;
    const matched = ssoGroups.filter((g) => wanted.has(roleOf(g)));
    const current = await tx.groupMember.findMany({
      where: { userId, source: "SSO" },
      select: { id: true, groupId: true },
    });
    const gone = current.filter((m) => !matched.some((g) => g.id === m.groupId));
    await tx.groupMember.deleteMany({ where: { id: { in: gone.map((m) => m.id) } } });
    const added: string[] = [];
    for (const g of matched) {
      if (current.some((m) => m.groupId === g.id)) continue;
      // A local membership of the same group stays as it is.
      const created = await tx.groupMember.createMany({
        data: [{ groupId: g.id, userId, source: "SSO" }],
        skipDuplicates: true,
      });
      if (created.count) added.push(g.name);
    }
    const removed = gone.map((m) => ssoGroups.find((g) => g.id === m.groupId)?.name ?? m.groupId);
    if (added.length || removed.length) {
      await recordAudit(tx, {
        actorId: userId,
        action: "group.sso_synced",
        subjectType: "User",
        subjectId: userId,
        data: { added, removed },
      });
    }
    return { added, removed };
  });
}
