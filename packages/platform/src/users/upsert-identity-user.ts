import { createHash } from "node:crypto";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";

export interface ExternalIdentity {
  /** Who vouches for the subject: "dev", or "oidc:<issuer URL>" (a subject is unique only within its issuer). */
  provider: string;
  subject: string;
  email: string;
  /** The provider says the user owns the email (OIDC `email_verified`). */
  emailVerified: boolean;
  name?: string | null;
  /** The same provider's name before issuers were recorded ("oidc"): such an identity is moved to `provider`. */
  legacyProvider?: string;
}

export interface IdentityPolicy {
  /**
   * The operator allows a new identity to join an existing account with the
   * same email, when the provider says the email is verified
   * (OIDC_LINK_VERIFIED_EMAIL). Off by default.
   */
  linkVerifiedEmail: boolean;
}

const userFields = { id: true, siteRole: true, sessionVersion: true, disabledAt: true } as const;

/** The user signing in, unless a site admin disabled the account. */
function enabled(user: { id: string; siteRole: "USER" | "ADMIN"; sessionVersion: number; disabledAt: Date | null }) {
  if (user.disabledAt) throw new AppError("FORBIDDEN", "This account has been disabled by a site admin.");
  return { id: user.id, siteRole: user.siteRole, sessionVersion: user.sessionVersion };
}

/** The address kept for an identity whose email the provider does not vouch for: unique, and matching no domain rule. */
function unverifiedAddress(identity: ExternalIdentity): string {
  const id = createHash("sha256").update(`${identity.provider}\0${identity.subject}`).digest("hex").slice(0, 24);
  return `unverified-${id}@identity.invalid`;
}

/**
 * Finds or creates the user behind an external identity at sign-in.
 * Identities link by (provider, subject), where an OIDC provider is named by
 * its issuer. An email match alone never hands over an account: a new
 * identity joins an existing user with its email only when the provider says
 * the email is verified and the operator enabled email linking (the
 * development sign-in, which only offers the seeded demo accounts, links
 * too). Otherwise it is refused, saying why. A new user gets the email only
 * when it is verified, so that an unverified address matches no email-domain
 * group and blocks no one's account.
 */
export async function upsertIdentityUser(db: Db, identity: ExternalIdentity, policy: IdentityPolicy) {
  const email = identity.email.toLowerCase();
  return db.$transaction(async (tx) => {
    const key = { provider: identity.provider, subject: identity.subject };
    if (identity.legacyProvider) {
      await tx.identity.updateMany({
        where: { provider: identity.legacyProvider, subject: identity.subject },
        data: { provider: identity.provider },
      });
    }
    const known = await tx.identity.findUnique({
      where: { provider_subject: key },
      select: { user: { select: userFields } },
    });
    if (known) {
      await tx.identity.update({ where: { provider_subject: key }, data: { lastSeenAt: new Date() } });
      return enabled(known.user);
    }
    const trusted = identity.provider === "dev" || (identity.emailVerified && policy.linkVerifiedEmail);
    const existing = await tx.user.findUnique({ where: { email }, select: userFields });
    if (existing && !trusted) {
      throw new AppError(
        "CONFLICT",
        identity.emailVerified
          ? `An account with the email ${email} exists already; this platform does not join sign-ins to accounts by email. Sign in the way you did before, or ask a site admin.`
          : `An account with the email ${email} exists already, and your identity provider does not confirm that the email is yours.`,
      );
    }
    const user =
      existing ??
      (await tx.user.create({
        data: {
          email: identity.emailVerified || identity.provider === "dev" ? email : unverifiedAddress(identity),
          name: identity.name ?? null,
        },
        select: userFields,
      }));
    await tx.identity.create({ data: { ...key, userId: user.id } });
    return enabled(user);
  });
}
