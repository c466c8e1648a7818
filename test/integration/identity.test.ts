// Sign-in identities and sessions on a real database: identities link by
// (issuer, subject), an email match never hands over an account unless the
// provider vouches for the email and the operator allows linking, sessions
// end on the server, and a disabled account can do nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { authenticateToken } from "@unblind/platform/tokens/authenticate-token.ts";
import { createApiToken, MAX_LIVE_TOKENS } from "@unblind/platform/tokens/create-api-token.ts";
import { endSessions, sessionCaller, setUserDisabled } from "@unblind/platform/users/session-caller.ts";
import { upsertIdentityUser } from "@unblind/platform/users/upsert-identity-user.ts";
import { refused, startServices, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const ISSUER = "oidc:https://sso.example";
const off = { linkVerifiedEmail: false };
const on = { linkVerifiedEmail: true };
const counts = async () => [await services.platform.db.user.count(), await services.platform.db.identity.count()];

describe("signing in with an external identity", () => {
  it("never takes over an existing account by email: refused, unless verified and linking is on; nothing is written when refused", async () => {
    const { db } = services.platform;
    const before = await counts();
    const victim = { provider: ISSUER, subject: "mallory-1", email: "admin@unblind.dev", name: "Mallory" };
    await assert.rejects(
      upsertIdentityUser(db, { ...victim, emailVerified: false }, on),
      refused("CONFLICT", /does not confirm that the email is yours/),
    );
    await assert.rejects(
      upsertIdentityUser(db, { ...victim, emailVerified: true }, off),
      refused("CONFLICT", /does not join sign-ins to accounts by email/),
    );
    assert.deepEqual(await counts(), before);

    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@unblind.dev" }, select: { id: true } });
    const linked = await upsertIdentityUser(db, { ...victim, subject: "real-admin", emailVerified: true }, on);
    assert.equal(linked.id, admin.id, "a verified email joins the account when the operator allows it");
  });

  it("gives an unverified email no account's address, so it matches no email-domain rule and blocks nobody", async () => {
    const { db } = services.platform;
    const row = await upsertIdentityUser(
      db,
      { provider: ISSUER, subject: "anon-7", email: "someone@cern.ch", emailVerified: false },
      on,
    );
    const user = await db.user.findUniqueOrThrow({ where: { id: row.id }, select: { email: true, siteRole: true } });
    assert.match(user.email, /^unverified-[0-9a-f]{24}@identity\.invalid$/);
    assert.equal(user.siteRole, "USER");
    // The same identity signs in to the same account again.
    assert.equal(
      (
        await upsertIdentityUser(
          db,
          { provider: ISSUER, subject: "anon-7", email: "other@cern.ch", emailVerified: false },
          off,
        )
      ).id,
      row.id,
    );
    // The same subject at another issuer is another person.
    const elsewhere = await upsertIdentityUser(
      db,
      { provider: "oidc:https://other.example", subject: "anon-7", email: "x@other.example", emailVerified: true },
      off,
    );
    assert.notEqual(elsewhere.id, row.id);
  });

  it("moves an identity recorded before issuers were to its issuer", async () => {
    const { db } = services.platform;
    const user = await db.user.create({ data: { email: "legacy@unblind.dev" }, select: { id: true } });
    await db.identity.create({ data: { provider: "oidc", subject: "legacy-1", userId: user.id } });
    const row = await upsertIdentityUser(
      db,
      {
        provider: ISSUER,
        legacyProvider: "oidc",
        subject: "legacy-1",
        email: "legacy@unblind.dev",
        emailVerified: false,
      },
      off,
    );
    assert.equal(row.id, user.id);
    assert.equal(await db.identity.count({ where: { provider: "oidc", subject: "legacy-1" } }), 0);
  });
});

describe("sessions and disabled accounts", () => {
  it("a session ends on the server at sign-out; a disabled account has no session, no token and no sign-in", async () => {
    const { platform } = services;
    const { db } = platform;
    const row = await upsertIdentityUser(
      db,
      { provider: "dev", subject: "bob@unblind.dev", email: "bob@unblind.dev", emailVerified: false },
      off,
    );
    const session = { userId: row.id, sessionVersion: row.sessionVersion };
    assert.deepEqual(await sessionCaller(db, session), { userId: row.id, siteRole: "USER" });
    await endSessions(db, row.id);
    assert.equal(await sessionCaller(db, session), null, "a copied cookie stops working at sign-out");

    const bob = { userId: row.id, siteRole: "USER" as const };
    const { token } = await createApiToken(platform, bob, { name: "t", scopes: ["read"] });
    const admin = await services.callerFor("admin@unblind.dev");
    await assert.rejects(
      setUserDisabled(platform, bob, { email: "bob@unblind.dev", disabled: true }),
      refused("FORBIDDEN"),
    );
    await setUserDisabled(platform, admin, { email: "bob@unblind.dev", disabled: true });
    const fresh = await db.user.findUniqueOrThrow({ where: { id: row.id }, select: { sessionVersion: true } });
    assert.equal(await sessionCaller(db, { userId: row.id, sessionVersion: fresh.sessionVersion }), null);
    await assert.rejects(authenticateToken(db, `Bearer ${token}`), refused("UNAUTHORIZED", /disabled/));
    await assert.rejects(
      upsertIdentityUser(
        db,
        { provider: "dev", subject: "bob@unblind.dev", email: "bob@unblind.dev", emailVerified: false },
        off,
      ),
      refused("FORBIDDEN", /disabled/),
    );
    await setUserDisabled(platform, admin, { email: "bob@unblind.dev", disabled: false });
    assert.equal((await authenticateToken(db, `Bearer ${token}`)).caller.userId, row.id);
  });

  it("caps the live tokens of a user, even when they are created at once", async () => {
    const { platform } = services;
    const user = await platform.db.user.create({ data: { email: "minter@unblind.dev" }, select: { id: true } });
    const caller = { userId: user.id, siteRole: "USER" as const };
    const results = await Promise.allSettled(
      Array.from({ length: MAX_LIVE_TOKENS + 10 }, (_, i) =>
        createApiToken(platform, caller, { name: `t${i}`, scopes: ["read"] }),
      ),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, MAX_LIVE_TOKENS);
    assert.ok(results.every((r) => r.status === "fulfilled" || refused("CONFLICT", /revoke one/)(r.reason)));
    assert.equal(await platform.db.apiToken.count({ where: { userId: user.id } }), MAX_LIVE_TOKENS);
  });
});
