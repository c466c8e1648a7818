import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { authenticateToken, requireTokenAllows } from "@unblind/platform/tokens/authenticate-token.ts";
import { createApiToken } from "@unblind/platform/tokens/create-api-token.ts";
import { listApiTokens, revokeApiToken } from "@unblind/platform/tokens/revoke-api-token.ts";
import { hashToken, isWellFormedToken } from "@unblind/platform/tokens/token-format.ts";
import { inTimeZone, refused, startServices, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const bearer = (token: string) => `Bearer ${token}`;

describe("personal access tokens", () => {
  it("are shown once, stored only as a hash, and authenticate their owner", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const created = await createApiToken(platform, alice, { name: "laptop", scopes: ["read", "submit"] });
    assert.ok(isWellFormedToken(created.token));
    assert.match(created.token, /^unb_pat_/);
    const row = await platform.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    assert.equal(row.hash, hashToken(created.token));
    assert.ok(!JSON.stringify(row).includes(created.token), "the token itself is never stored");
    assert.ok(!JSON.stringify(await listApiTokens(platform, alice)).includes(created.token));
    const auth = await authenticateToken(platform.db, bearer(created.token));
    assert.deepEqual(auth.caller, alice);
    assert.deepEqual(auth.scopes, ["read", "submit"]);
  });

  it("refuse a missing header, a mistyped token (checksum) and an unknown one, saying which", async () => {
    const { db } = services.platform;
    await assert.rejects(authenticateToken(db, null), refused("UNAUTHORIZED", /Authorization: Bearer/));
    const { token } = await createApiToken(services.platform, await services.callerFor("bob@unblind.dev"), {
      name: "t",
      scopes: ["read"],
    });
    const typo = token.slice(0, 20) + (token[20] === "a" ? "b" : "a") + token.slice(21);
    await assert.rejects(authenticateToken(db, bearer(typo)), refused("UNAUTHORIZED", /wrong format or checksum/));
    await db.apiToken.deleteMany({ where: { hash: hashToken(token) } });
    await assert.rejects(authenticateToken(db, bearer(token)), refused("UNAUTHORIZED", /Unknown token/));
  });

  it("stop working once revoked or expired", async () => {
    const { platform } = services;
    const bob = await services.callerFor("bob@unblind.dev");
    const revoked = await createApiToken(platform, bob, { name: "r", scopes: ["read"] });
    await revokeApiToken(platform, bob, revoked.id);
    await assert.rejects(authenticateToken(platform.db, bearer(revoked.token)), refused("UNAUTHORIZED", /revoked/));
    await assert.rejects(
      revokeApiToken(platform, await services.callerFor("alice@unblind.dev"), revoked.id),
      refused("NOT_FOUND", /No such active token/),
    );
    const expiring = await createApiToken(platform, bob, { name: "e", scopes: ["read"], expiresInDays: 1 });
    // Read as an instant whatever the process's time zone (the column holds UTC without a zone).
    await inTimeZone("Asia/Tokyo", async () => {
      // Expiring in a minute: still good.
      await platform.db.apiToken.update({
        where: { id: expiring.id },
        data: { expiresAt: new Date(Date.now() + 60_000) },
      });
      await authenticateToken(platform.db, bearer(expiring.token));
      const expiredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
      await platform.db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: expiredAt } });
      await assert.rejects(
        authenticateToken(platform.db, bearer(expiring.token)),
        refused("UNAUTHORIZED", new RegExp(`expired on ${expiredAt.toISOString().replaceAll(".", "\\.")}`)),
      );
    });
  });

  it("allow only their scopes and their challenge", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const readOnly = await authenticateToken(
      platform.db,
      bearer((await createApiToken(platform, alice, { name: "ro", scopes: ["read"] })).token),
    );
    assert.throws(
      () => requireTokenAllows(readOnly, "submit", "top-tagging"),
      refused("FORBIDDEN", /lacks the "submit" scope/),
    );
    requireTokenAllows(readOnly, "read", "trackml");
    const pinned = await authenticateToken(
      platform.db,
      bearer(
        (await createApiToken(platform, alice, { name: "tt", scopes: ["submit"], challengeSlug: "top-tagging" })).token,
      ),
    );
    requireTokenAllows(pinned, "submit", "top-tagging");
    assert.throws(
      () => requireTokenAllows(pinned, "submit", "trackml"),
      refused("FORBIDDEN", /only works for the challenge "top-tagging"/),
    );
  });

  it("act with the owner's rights at the moment of the call", async () => {
    const { platform } = services;
    const { db } = platform;
    const user = await db.user.create({ data: { email: "demoted@unblind.dev", siteRole: "ADMIN" } });
    const { token } = await createApiToken(
      platform,
      { userId: user.id, siteRole: "ADMIN" },
      { name: "admin", scopes: ["read"] },
    );
    assert.equal((await authenticateToken(db, bearer(token))).caller.siteRole, "ADMIN");
    await db.user.update({ where: { id: user.id }, data: { siteRole: "USER" } });
    assert.equal((await authenticateToken(db, bearer(token))).caller.siteRole, "USER");
  });

  it("refuse unknown scopes and bad expiries, storing nothing", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const before = await platform.db.apiToken.count();
    await assert.rejects(
      createApiToken(platform, alice, { name: "x", scopes: ["admin"] }),
      refused("BAD_REQUEST", /unknown: admin/),
    );
    await assert.rejects(
      createApiToken(platform, alice, { name: "x", scopes: ["read"], expiresInDays: 0 }),
      refused("BAD_REQUEST", /expiry/),
    );
    await assert.rejects(
      createApiToken(platform, alice, { name: "x", scopes: ["read"], challengeSlug: "nope" }),
      refused("NOT_FOUND", /No challenge "nope"/),
    );
    assert.equal(await platform.db.apiToken.count(), before);
  });
});

describe("the admin CLI", () => {
  const admin = (...args: string[]) =>
    spawnSync("npm", ["run", "-s", "admin", "--", ...args], {
      encoding: "utf8",
      env: { ...process.env, ...services.workerEnv },
    });

  it("creates a user idempotently, gives them a token that works, and a challenge role", async () => {
    const first = JSON.parse(
      admin("user", "create", "--email", "Robot@CI.example", "--name", "CI robot", "--json").stdout,
    );
    const again = JSON.parse(admin("user", "create", "--email", "robot@ci.example", "--json").stdout);
    assert.equal(first.id, again.id);
    assert.equal(again.email, "robot@ci.example");
    const token = execFileSync(
      "npm",
      [
        "run",
        "-s",
        "admin",
        "--",
        "token",
        "create",
        "--email",
        "robot@ci.example",
        "--scopes",
        "read,submit",
        "--challenge",
        "top-tagging",
        "--expires",
        "7",
      ],
      {
        encoding: "utf8",
        env: { ...process.env, ...services.workerEnv },
      },
    ).trim();
    const auth = await authenticateToken(services.platform.db, bearer(token));
    assert.equal(auth.caller.userId, first.id);
    assert.equal(auth.challengeSlug, "top-tagging");
    const role = admin(
      "challenge",
      "role",
      "--slug",
      "top-tagging",
      "--email",
      "robot@ci.example",
      "--role",
      "organizer",
      "--json",
    );
    assert.deepEqual(JSON.parse(role.stdout), { slug: "top-tagging", email: "robot@ci.example", role: "organizer" });
    assert.equal(
      admin("challenge", "role", "--slug", "top-tagging", "--email", "robot@ci.example", "--role", "organizer").status,
      0,
      "idempotent",
    );
    assert.match(JSON.stringify(JSON.parse(admin("challenge", "list", "--json").stdout)), /"slug":"top-tagging"/);
  });

  it("says what is wrong, with a non-zero exit", () => {
    const unknownUser = admin("token", "create", "--email", "ghost@nowhere.example", "--scopes", "read");
    assert.equal(unknownUser.status, 1);
    assert.match(unknownUser.stderr, /No user ghost@nowhere\.example/);
    const usage = admin("frobnicate");
    assert.equal(usage.status, 64);
    assert.match(usage.stderr, /unknown command "frobnicate"/);
  });
});
