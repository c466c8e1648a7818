// Grants on challenges, files and submissions, resolved through e-group
// membership at request time. After each refused call nothing is stored.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { isOrganizer } from "@unblind/platform/challenges/challenge-access.ts";
import {
  getChallengeSettings,
  grantOnChallenge,
  setChallengeAccess,
  setFileLevel,
} from "@unblind/platform/challenges/challenge-settings.ts";
import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { getGroup } from "@unblind/platform/groups/group-directory.ts";
import { decideJoinRequest, joinGroup, listJoinRequests } from "@unblind/platform/groups/join-group.ts";
import { addGroupMember, createGroup, removeGroupMember } from "@unblind/platform/groups/manage-groups.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import type { Caller } from "@unblind/platform/platform.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { listMySubmissions } from "@unblind/platform/submissions/list-my-submissions.ts";
import { createApiToken } from "@unblind/platform/tokens/create-api-token.ts";
import { syncSsoGroups } from "@unblind/platform/users/sync-sso-groups.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

let services: Services;
let organizer: NonNullable<Caller>, alice: NonNullable<Caller>, bob: NonNullable<Caller>;
before(async () => {
  services = await startServices();
  [organizer, alice, bob] = await Promise.all(
    ["organizer@unblind.dev", "alice@unblind.dev", "bob@unblind.dev"].map((e) => services.callerFor(e)),
  );
});
after(() => services.stop());

const notFound = refused("NOT_FOUND");
/** Rows that a refused call must leave as they were. */
async function snapshot() {
  const { db } = services.platform;
  return {
    submissions: await db.submission.count(),
    tokens: await db.apiToken.count(),
    members: await db.groupMember.count(),
    grants: await db.challengeGrant.count(),
    files: await db.datasetFile.findMany({ select: { id: true, access: true }, orderBy: { id: "asc" } }),
  };
}
const fileNamed = (name: string) =>
  services.platform.db.datasetFile.findFirstOrThrow({
    where: { name, dataset: { challenge: { slug: "top-tagging" } } },
    select: { id: true },
  });
const submit = (caller: Caller) =>
  createSubmission(services.platform, caller, {
    challengeSlug: "top-tagging",
    fileName: "s.csv",
    body: streamOf("jet_id,score\n0,0.5\n"),
  });

describe("challenge grants", () => {
  it("hides a restricted challenge from everyone outside its groups on every use case, as if it did not exist", async () => {
    const { platform } = services;
    await createGroup(platform, organizer, { name: "cms-ml-members" });
    await createGroup(platform, organizer, { name: "cms-ml-students" });
    await addGroupMember(platform, organizer, { group: "cms-ml-members", member: { group: "cms-ml-students" } });
    await addGroupMember(platform, organizer, { group: "cms-ml-students", member: { email: "alice@unblind.dev" } });
    await grantOnChallenge(platform, organizer, "top-tagging", "visible-to", "cms-ml-members");

    const publicFile = await fileNamed("train.h5");
    const before = await snapshot();
    for (const caller of [bob, null]) {
      assert.ok(!(await listChallenges(platform, caller)).some((c) => c.slug === "top-tagging"));
      await assert.rejects(getChallenge(platform, caller, "top-tagging"), notFound);
      await assert.rejects(getLeaderboard(platform, caller, "top-tagging"), notFound);
      await assert.rejects(listMySubmissions(platform, caller, "top-tagging"), notFound);
      await assert.rejects(getDownloadUrl(platform, caller, publicFile.id), notFound);
    }
    await assert.rejects(submit(bob), notFound);
    await assert.rejects(
      createApiToken(platform, bob, { name: "t", scopes: ["read"], challengeSlug: "top-tagging" }),
      notFound,
    );
    assert.deepEqual(await snapshot(), before);

    // Alice sees it through the nested group…
    assert.equal((await getChallenge(platform, alice, "top-tagging")).slug, "top-tagging");
    assert.ok((await listChallenges(platform, alice)).some((c) => c.slug === "top-tagging"));
    // …until the inner membership goes: at once, no cache.
    await removeGroupMember(platform, organizer, { group: "cms-ml-students", member: { email: "alice@unblind.dev" } });
    await assert.rejects(getChallenge(platform, alice, "top-tagging"), notFound);
    await addGroupMember(platform, organizer, { group: "cms-ml-students", member: { email: "alice@unblind.dev" } });
  });

  it("lets only members of the eligible group and the also-required group submit", async () => {
    const { platform } = services;
    await createGroup(platform, organizer, { name: "lhco-registered" });
    await createGroup(platform, organizer, { name: "cern-users" });
    await grantOnChallenge(platform, organizer, "top-tagging", "eligible", "lhco-registered");
    await grantOnChallenge(platform, organizer, "top-tagging", "also-required", "cern-users");
    await addGroupMember(platform, organizer, { group: "lhco-registered", member: { email: "alice@unblind.dev" } });

    const before = await snapshot();
    await assert.rejects(
      submit(alice),
      refused("FORBIDDEN", /Only members of lhco-registered and cern-users may take part; you are not in cern-users/),
    );
    assert.deepEqual(await snapshot(), before);
    assert.match((await getChallenge(platform, alice, "top-tagging")).notEligibleBecause!, /not in cern-users/);
    // Not eligible: the participants' test file is not listed or downloadable either.
    await assert.rejects(getDownloadUrl(platform, alice, (await fileNamed("test.h5")).id), notFound);

    await addGroupMember(platform, organizer, { group: "cern-users", member: { email: "alice@unblind.dev" } });
    const created = await submit(alice);
    assert.equal(created.status, "QUEUED");
    assert.ok((await getDownloadUrl(platform, alice, (await fileNamed("test.h5")).id)).url);
  });

  it("makes members of an organizer group organizers, until the group expires", async () => {
    const { platform } = services;
    const { db } = platform;
    await createGroup(platform, organizer, { name: "lhco-organizers" });
    await addGroupMember(platform, organizer, { group: "lhco-organizers", member: { email: "bob@unblind.dev" } });
    await grantOnChallenge(platform, organizer, "top-tagging", "organizers", "lhco-organizers");
    const challenge = await db.challenge.findUniqueOrThrow({ where: { slug: "top-tagging" }, select: { id: true } });
    assert.equal(await isOrganizer(db, bob, challenge.id), true);
    // Bob, organizing, sees Alice's submission with the scoring details; participants never do.
    const theirs = await db.submission.findFirstOrThrow({ where: { userId: alice.userId }, select: { id: true } });
    assert.ok((await getSubmission(platform, bob, theirs.id)).organizerDetails);
    assert.equal((await getSubmission(platform, alice, theirs.id)).organizerDetails, null);
    assert.equal((await getChallengeSettings(platform, bob, "top-tagging")).organizerGroups[0], "lhco-organizers");

    await db.group.update({ where: { name: "lhco-organizers" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.equal(await isOrganizer(db, bob, challenge.id), false);
    await assert.rejects(getSubmission(platform, bob, theirs.id), notFound);
    await assert.rejects(getChallengeSettings(platform, bob, "top-tagging"), notFound); // and he no longer sees the restricted challenge
  });

  it("never hands out truth, and keeps the truth of a phase at level truth", async () => {
    const { platform } = services;
    const truth = await fileNamed("test_truth.csv");
    for (const caller of [alice, organizer, { ...bob, siteRole: "ADMIN" as const }])
      await assert.rejects(getDownloadUrl(platform, caller, truth.id), notFound);
    // Nor straight from the embedded object store: it refuses unsigned requests, as S3 does.
    const { key } = await platform.db.datasetFile.findUniqueOrThrow({ where: { id: truth.id }, select: { key: true } });
    const direct = await fetch(`${services.workerEnv.S3_ENDPOINT}/unblind-test/${key}`);
    assert.equal(direct.status, 403);
    const before = await snapshot();
    await assert.rejects(
      setFileLevel(platform, organizer, { slug: "top-tagging", file: "test_truth.csv", level: "PUBLIC" }),
      refused("CONFLICT", /stays at level truth/),
    );
    await assert.rejects(
      setFileLevel(platform, alice, { slug: "top-tagging", file: "train.h5", level: "TRUTH" }),
      refused("FORBIDDEN"),
    );
    assert.deepEqual(await snapshot(), before);

    // Organizer files: organizers only, and each download is audited.
    await setFileLevel(platform, organizer, { slug: "top-tagging", file: "val.h5", level: "ORGANIZERS" });
    const val = await fileNamed("val.h5");
    await assert.rejects(getDownloadUrl(platform, alice, val.id), notFound);
    await getDownloadUrl(platform, organizer, val.id);
    const trail = await listAuditEvents(platform, organizer, { challengeSlug: "top-tagging" });
    assert.ok(
      trail.some(
        (e) => e.action === "file.downloaded" && e.subjectId === val.id && e.actor === "organizer@unblind.dev",
      ),
    );
    assert.ok(trail.some((e) => e.action === "file.level_changed" && (e.data as { to: string }).to === "ORGANIZERS"));
    assert.ok(trail.some((e) => e.action === "challenge.access_changed"));
    const byAlice = await listAuditEvents(platform, organizer, {
      challengeSlug: "top-tagging",
      actor: "alice@unblind.dev",
    });
    assert.ok(byAlice.length > 0 && byAlice.every((e) => e.actor === "alice@unblind.dev"));
    await assert.rejects(listAuditEvents(platform, alice, { challengeSlug: "top-tagging" }), refused("FORBIDDEN"));
    await assert.rejects(listAuditEvents(platform, organizer, {}), refused("FORBIDDEN", /site admins/));
  });

  it("refuses a restricted challenge that nobody could see, and unknown groups, storing nothing", async () => {
    const { platform } = services;
    const before = await snapshot();
    const current = await getChallengeSettings(platform, organizer, "top-tagging");
    await assert.rejects(
      setChallengeAccess(platform, organizer, "top-tagging", { ...current, viewGroups: ["no-such-group"] }),
      refused("BAD_REQUEST", /No group no-such-group/),
    );
    await assert.rejects(
      setChallengeAccess(platform, alice, "top-tagging", { ...current, visibility: "PUBLIC" }),
      refused("FORBIDDEN"),
    );
    assert.deepEqual(await snapshot(), before);
  });
});

describe("joining groups", () => {
  it("joins OPEN groups at once, queues requests for approval groups, and refuses CLOSED ones", async () => {
    const { platform } = services;
    await createGroup(platform, organizer, { name: "ml-open", joinPolicy: "OPEN" });
    await createGroup(platform, organizer, {
      name: "ml-approved",
      joinPolicy: "OPEN_WITH_ADMIN_APPROVAL",
      privacy: "ADMINS",
    });
    await createGroup(platform, organizer, { name: "ml-closed" });

    assert.equal(await joinGroup(platform, bob, "ml-open"), "joined");
    assert.equal((await getGroup(platform, bob, "ml-open")).isMember, true);
    await assert.rejects(joinGroup(platform, bob, "ml-closed"), refused("FORBIDDEN", /closed/));

    assert.equal(await joinGroup(platform, bob, "ml-approved"), "requested");
    await assert.rejects(joinGroup(platform, bob, "ml-approved"), refused("CONFLICT", /already waiting/));
    const bobView = await getGroup(platform, bob, "ml-approved");
    assert.equal(bobView.isMember, false);
    assert.equal(bobView.requestPending, true);
    assert.equal(bobView.members, null); // privacy ADMINS

    const [request] = await listJoinRequests(platform, organizer);
    assert.equal(request.user.email, "bob@unblind.dev");
    assert.deepEqual(await listJoinRequests(platform, alice), []);
    await assert.rejects(decideJoinRequest(platform, alice, { requestId: request.id, approve: true }), notFound);
    await decideJoinRequest(platform, organizer, { requestId: request.id, approve: true });
    assert.equal((await getGroup(platform, bob, "ml-approved")).isMember, true);
    await assert.rejects(
      decideJoinRequest(platform, organizer, { requestId: request.id, approve: false }),
      refused("CONFLICT"),
    );
    const actions = (
      await platform.db.auditEvent.findMany({ where: { subjectType: "Group" }, select: { action: true } })
    ).map((e) => e.action);
    for (const a of ["group.joined", "group.join_requested", "group.join_approved"]) assert.ok(actions.includes(a), a);
  });
});

describe("SSO role sync", () => {
  it("mirrors the roles claim into SSO groups at each sign-in and never touches local memberships", async () => {
    const { platform } = services;
    const { db } = platform;
    const sso = await createGroup(platform, organizer, { name: "lhco-sso-organizers" });
    await db.group.update({ where: { id: sso.id }, data: { type: "SSO", rule: { role: "lhco-organizer" } } });
    const local = await createGroup(platform, organizer, { name: "lhco-sso-local" });
    await db.group.update({ where: { id: local.id }, data: { type: "SSO" } });
    await addGroupMember(platform, organizer, { group: "lhco-sso-local", member: { email: "bob@unblind.dev" } });

    assert.deepEqual(await syncSsoGroups(db, bob.userId, ["lhco-organizer", "other"], {}), {
      added: ["lhco-sso-organizers"],
      removed: [],
    });
    assert.ok((await getGroup(platform, bob, "lhco-sso-organizers")).isMember);
    assert.deepEqual(await syncSsoGroups(db, bob.userId, [], {}), { added: [], removed: ["lhco-sso-organizers"] });
    assert.equal((await getGroup(platform, bob, "lhco-sso-organizers")).isMember, false);
    assert.equal((await getGroup(platform, bob, "lhco-sso-local")).isMember, true, "the local membership stays");
  });

  it("matches dynamic groups on a claim kept from sign-in", async () => {
    const { platform } = services;
    const g = await createGroup(platform, organizer, { name: "cern-affiliated" });
    await platform.db.group.update({
      where: { id: g.id },
      data: { type: "DYNAMIC", rule: { claim: "affiliation", equals: "CERN" } },
    });
    await syncSsoGroups(platform.db, alice.userId, [], { affiliation: "CERN" });
    assert.equal((await getGroup(platform, alice, "cern-affiliated")).isMember, true);
    await syncSsoGroups(platform.db, alice.userId, [], { affiliation: "elsewhere" });
    assert.equal((await getGroup(platform, alice, "cern-affiliated")).isMember, false);
  });
});
