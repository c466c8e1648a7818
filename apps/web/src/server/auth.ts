import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { devLoginEnabled, loadEnv } from "@unblind/platform/config/env.ts";
import type { Caller } from "@unblind/platform/platform.ts";
import { syncSsoGroups } from "@unblind/platform/users/sync-sso-groups.ts";
import { upsertIdentityUser } from "@unblind/platform/users/upsert-identity-user.ts";
import { DEMO_USERS } from "@unblind/platform/users/demo-users.ts";
import { platform } from "./platform.ts";

const env = loadEnv();
/** Sessions are re-checked against the database after this long. Groups are never in the session: they are resolved per request. */
const SESSION_REFRESH_SECONDS = env.AUTH_SESSION_REFRESH_SECONDS;

/** The roles claim as a list: an array of strings, or one string. */
function rolesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === "string");
  return typeof claim === "string" ? [claim] : [];
}

function attributesOf(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(env.OIDC_ATTRIBUTE_CLAIMS.filter((c) => typeof claims[c] === "string").map((c) => [c, claims[c] as string]));
}

const providers: NextAuthOptions["providers"] = [];

if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
  // Generic OpenID Connect (Keycloak, and so CERN SSO) from the issuer's discovery document.
  providers.push({
    id: "oidc",
    name: env.OIDC_NAME,
    type: "oauth",
    wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile: { sub: string; email?: string; name?: string; preferred_username?: string }) {
      return { id: profile.sub, email: profile.email ?? `${profile.preferred_username ?? profile.sub}@oidc.invalid`, name: profile.name ?? profile.preferred_username ?? null };
    },
  });
}

if (devLoginEnabled(env)) {
  // Development sign-in: pick one of the seeded demo accounts, no password.
  // Only on in embedded demo mode or with AUTH_DEV_LOGIN=true.
  providers.push(
    CredentialsProvider({
      id: "dev",
      name: "Demo account",
      credentials: { email: { label: "Email", type: "email" } },
      async authorize(credentials) {
        const demo = DEMO_USERS.find((u) => u.email === credentials?.email?.toLowerCase());
        if (!demo) return null;
        return { id: demo.email, email: demo.email, name: demo.name };
      },
    }),
  );
}

export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 8 * 3600 },
  pages: { signIn: "/signin" },
  providers,
  callbacks: {
    async jwt({ token, user, account, profile }) {
      if (account && user) {
        const row = await upsertIdentityUser(platform().db, {
          provider: account.provider,
          subject: account.providerAccountId,
          email: user.email!,
          name: user.name,
        });
        if (account.provider === "oidc") {
          // The ID token's claims: mirror its roles into SSO groups at every sign-in.
          const claims = (profile ?? {}) as Record<string, unknown>;
          await syncSsoGroups(platform().db, row.id, rolesOf(claims[env.OIDC_ROLES_CLAIM]), attributesOf(claims));
        }
        token.uid = row.id;
        token.siteRole = row.siteRole;
        token.checkedAt = Math.floor(Date.now() / 1000);
      } else if (token.uid && Number(token.checkedAt ?? 0) + SESSION_REFRESH_SECONDS < Date.now() / 1000) {
        // Nothing in the session may go stale for long: re-read the role.
        const row = await platform().db.user.findUnique({ where: { id: String(token.uid) }, select: { siteRole: true } });
        if (!row) return { ...token, uid: undefined };
        token.siteRole = row.siteRole;
        token.checkedAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.uid, siteRole: token.siteRole } };
    },
  },
};

export const authProviders = providers.map((p) => ({ id: p.id, name: p.name }));
export const demoAccounts = devLoginEnabled(env) ? DEMO_USERS : [];

/** The caller of this request, from the next-auth session cookie. */
export async function getCaller(): Promise<Caller> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; siteRole?: "USER" | "ADMIN" } | undefined;
  return user?.id ? { userId: user.id, siteRole: user.siteRole ?? "USER" } : null;
}
