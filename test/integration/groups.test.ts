import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { groupsOfUser } from "@unblind/platform/groups/groups-of-user.ts";
import { addGroupMember, createGroup, removeGroupMember } from "@unblind/platform/groups/manage-groups.ts";
import { refused, startServices, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const names = async (email: string) =>
  (await groupsOfUser(services.platform.db, (await services.callerFor(email)).userId)).map((g) => g.name);

describe("e-group membership", () => {
  it("is resolved through nested groups, and removing the inner membership revokes it at once", async () => {
    const { platform } = services;
    const owner = await services.callerFor("organizer@unblind.dev");
    await createGroup(platform, owner, { name: "cms-ml-members" });
    await createGroup(platform, owner, { name: "cms-ml-students" });
    await addGroupMember(platform, owner, { group: "cms-ml-members", member: { group: "cms-ml-students" } });
    await addGroupMember(platform, owner, { group: "cms-ml-students", member: { email: "alice@unblind.dev" } });
    assert.deepEqual(await names("alice@unblind.dev"), ["cms-ml-members", "cms-ml-students"]);
    assert.deepEqual(await names("bob@unblind.dev"), []);
    await removeGroupMember(platform, owner, { group: "cms-ml-students", member: { email: "alice@unblind.dev" } });
    assert.deepEqual(await names("alice@unblind.dev"), []);
  });

  it("ends with an expired membership or an expired group, checked at request time", async () => {
    const { platform } = services;
    const { db } = platform;
    const owner = await services.callerFor("organizer@unblind.dev");
    await createGroup(platform, owner, { name: "lhco-registered" });
    await addGroupMember(platform, owner, {
      group: "lhco-registered",
      member: { email: "bob@unblind.dev" },
      validUntil: new Date(Date.now() + 60_000),
    });
    assert.deepEqual(await names("bob@unblind.dev"), ["lhco-registered"]);
    await db.groupMember.updateMany({
      where: { group: { name: "lhco-registered" } },
      data: { validUntil: new Date(Date.now() - 1000) },
    });
    assert.deepEqual(await names("bob@unblind.dev"), []);

    await db.groupMember.updateMany({ where: { group: { name: "lhco-registered" } }, data: { validUntil: null } });
    await createGroup(platform, owner, { name: "lhco-all" });
    await addGroupMember(platform, owner, { group: "lhco-all", member: { group: "lhco-registered" } });
    assert.deepEqual(await names("bob@unblind.dev"), ["lhco-all", "lhco-registered"]);
    // An expired group grants nothing, not even through it to the groups it is in.
    await db.group.update({ where: { name: "lhco-registered" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.deepEqual(await names("bob@unblind.dev"), []);
  });

  it("matches dynamic groups on the email domain", async () => {
    const { platform } = services;
    const group = await createGroup(platform, await services.callerFor("organizer@unblind.dev"), {
      name: "unblind-dev-domain",
    });
    await platform.db.group.update({
      where: { id: group.id },
      data: { type: "DYNAMIC", rule: { emailDomain: "unblind.dev" } },
    });
    assert.ok((await names("bob@unblind.dev")).includes("unblind-dev-domain"));
  });

  it("refuses a nesting that would close a cycle, and changes by non-admins, storing nothing", async () => {
    const { platform } = services;
    const owner = await services.callerFor("organizer@unblind.dev");
    await createGroup(platform, owner, { name: "ring-a" });
    await createGroup(platform, owner, { name: "ring-b" });
    await addGroupMember(platform, owner, { group: "ring-a", member: { group: "ring-b" } });
    const before = await platform.db.groupMember.count();
    await assert.rejects(
      addGroupMember(platform, owner, { group: "ring-b", member: { group: "ring-a" } }),
      refused("BAD_REQUEST", /would make a cycle/),
    );
    await assert.rejects(
      addGroupMember(platform, owner, { group: "ring-a", member: { group: "ring-a" } }),
      refused("BAD_REQUEST", /would make a cycle/),
    );
    await assert.rejects(
      addGroupMember(platform, await services.callerFor("bob@unblind.dev"), {
        group: "ring-a",
        member: { email: "bob@unblind.dev" },
      }),
      refused("FORBIDDEN", /Only the administrators of ring-a/),
    );
    await assert.rejects(createGroup(platform, owner, { name: "NoDash" }), refused("BAD_REQUEST", /at least one dash/));
    assert.equal(await platform.db.groupMember.count(), before);
  });

  it("lets members of the administrators group manage it, and audits every change", async () => {
    const { platform } = services;
    const owner = await services.callerFor("organizer@unblind.dev");
    await createGroup(platform, owner, { name: "lhco-organizers" });
    await addGroupMember(platform, owner, { group: "lhco-organizers", member: { email: "alice@unblind.dev" } });
    await createGroup(platform, owner, { name: "lhco-helpers", adminGroup: "lhco-organizers" });
    const alice = await services.callerFor("alice@unblind.dev");
    await addGroupMember(platform, alice, { group: "lhco-helpers", member: { email: "bob@unblind.dev" } });
    assert.ok((await names("bob@unblind.dev")).includes("lhco-helpers"));
    const events = await platform.db.auditEvent.findMany({
      where: { action: { startsWith: "group." } },
      select: { action: true },
    });
    assert.ok(
      events.some((e) => e.action === "group.created") &&
        events.some((e) => e.action === "group.member_added") &&
        events.some((e) => e.action === "group.member_removed"),
    );
  });
});

describe("the admin CLI's group commands", () => {
  const admin = (...args: string[]) =>
    spawnSync("npm", ["run", "-s", "admin", "--", ...args], {
      encoding: "utf8",
      env: { ...process.env, ...services.workerEnv },
    });

  it("create a group, nest it, add and remove a member with an end date, and say what is wrong", async () => {
    assert.equal(
      admin(
        "group",
        "create",
        "--name",
        "atlas-ml",
        "--owner",
        "organizer@unblind.dev",
        "--policy",
        "approval",
        "--privacy",
        "users",
      ).status,
      0,
    );
    assert.equal(admin("group", "create", "--name", "atlas-ml-core", "--owner", "organizer@unblind.dev").status, 0);
    assert.equal(admin("group", "add", "--name", "atlas-ml", "--group", "atlas-ml-core").status, 0);
    const add = admin(
      "group",
      "add",
      "--name",
      "atlas-ml-core",
      "--email",
      "bob@unblind.dev",
      "--until",
      "2099-01-01",
      "--json",
    );
    assert.equal(add.status, 0, add.stderr);
    assert.ok((await names("bob@unblind.dev")).includes("atlas-ml"));
    const row = await services.platform.db.group.findUniqueOrThrow({
      where: { name: "atlas-ml" },
      select: { joinPolicy: true, privacy: true },
    });
    assert.deepEqual(row, { joinPolicy: "OPEN_WITH_ADMIN_APPROVAL", privacy: "USERS" });
    assert.equal(admin("group", "remove", "--name", "atlas-ml-core", "--email", "bob@unblind.dev").status, 0);
    assert.ok(!(await names("bob@unblind.dev")).includes("atlas-ml"));

    const cycle = admin("group", "add", "--name", "atlas-ml-core", "--group", "atlas-ml");
    assert.equal(cycle.status, 1);
    assert.match(cycle.stderr, /would make a cycle/);
    const badDate = admin("group", "add", "--name", "atlas-ml", "--email", "bob@unblind.dev", "--until", "someday");
    assert.equal(badDate.status, 64);
    assert.match(badDate.stderr, /--until must be a date/);
  });
});
