import type { Db } from "../db/client.ts";

/**
 * Finds or creates the user behind an external identity at sign-in. An
 * identity is (provider, subject); a new identity with a known email joins
 * that user, so the dev login and SSO can meet on one account.
 */
export async function upsertIdentityUser(db: Db, identity: { provider: string; subject: string; email: string; name?: string | null }) {
  const email = identity.email.toLowerCase();
  return db.$transaction(async (tx) => {
    const known = await tx.identity.findUnique({
      where: { provider_subject: { provider: identity.provider, subject: identity.subject } },
      select: { user: { select: { id: true, siteRole: true } } },
    });
    if (known) {
      await tx.identity.update({ where: { provider_subject: { provider: identity.provider, subject: identity.subject } }, data: { lastSeenAt: new Date() } });
      return known.user;
    }
    const user = await tx.user.upsert({
      where: { email },
      create: { email, name: identity.name ?? null },
      update: {},
      select: { id: true, siteRole: true },
    });
    await tx.identity.create({ data: { provider: identity.provider, subject: identity.subject, userId: user.id } });
    return user;
  });
}
