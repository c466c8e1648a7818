import "server-only";
import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { devLoginEnabled, loadEnv } from "@unblind/platform/config/env.ts";
import type { Caller } from "@unblind/platform/platform.ts";
import { syncSsoGroups } from "@unblind/platform/users/sync-sso-groups.ts";
import { endSessions, sessionCaller } from "@unblind/platform/users/session-caller.ts";
import { upsertIdentityUser } from "@unblind/platform/users/upsert-identity-user.ts";
import { DEMO_USERS } from "@unblind/platform/users/demo-users.ts";
import { platform } from "./platform.ts";

const env = loadEnv();

/** The roles claim as a list: an array of strings, or one string. */
function rolesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === "string");
  return typeof claim === "string" ? [claim] : [];
}

function attributesOf(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    env.OIDC_ATTRIBUTE_CLAIMS.filter((c) => typeof claims[c] === "string").map((c) => [c, claims[c] as string]),
  );
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
      return {
        id: profile.sub,
        email: profile.email ?? `${profile.preferred_username ?? profile.sub}@oidc.invalid`,
        name: profile.name ?? profile.preferred_username ?? null,
      };
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
        const claims = (profile ?? {}) as Record<string, unknown>;
        const oidc = account.provider === "oidc";
        const row = await upsertIdentityUser(
          platform().db,
          {
            // A subject is unique only within its issuer.
            provider: oidc ? `oidc:${env.OIDC_ISSUER}` : account.provider,
            legacyProvider: oidc ? "oidc" : undefined,
            subject: account.providerAccountId,
            email: user.email!,
            emailVerified: claims.email_verified === true || claims.email_verified === "true",
            name: user.name,
          },
          { linkVerifiedEmail: env.OIDC_LINK_VERIFIED_EMAIL ?? false },
        );
        if (oidc) {
          // The ID token's claims: mirror its roles into SSO groups at every sign-in.
          await syncSsoGroups(platform().db, row.id, rolesOf(claims[env.OIDC_ROLES_CLAIM]), attributesOf(claims));
        }
        token.uid = row.id;
        token.sv = row.sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.uid, sv: token.sv } };
    },
  },
  events: {
    // Sign-out ends the session on the server too: a copied cookie stops working at once.
    async signOut({ token }) {
      if (token?.uid) await endSessions(platform().db, String(token.uid));
    },
  },
};

export const authProviders = providers.map((p) => ({ id: p.id, name: p.name }));
export const demoAccounts = devLoginEnabled(env) ? DEMO_USERS : [];

/**
 * The caller of this request, from the next-auth session cookie, checked
 * against the database on every request (session-caller.ts): a session
 * ended by sign-out or by disabling the account is nobody, and the role is
 * the user's role now.
 */
export async function getCaller(): Promise<Caller> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sv?: number } | undefined;
  if (!user?.id || typeof user.sv !== "number") return null;
  return sessionCaller(platform().db, { userId: user.id, sessionVersion: user.sv });
}
