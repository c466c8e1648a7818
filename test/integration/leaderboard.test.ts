// The leaderboard against an independent computation, its statistical ties,
// and the private board's seal and reveal, on real PostgreSQL and s3rver.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { encodeReplicates } from "@unblind/scoring/metrics/paired-replicates.ts";
import { Random } from "@unblind/scoring/random.ts";
import { createChallengeFromPackage } from "@unblind/platform/challenges/create-from-package.ts";
import { setPhaseDeadline } from "@unblind/platform/challenges/set-phase-deadline.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { getLeaderboardPlots } from "@unblind/platform/leaderboard/get-leaderboard-plots.ts";
import { setLeaderboardSettings } from "@unblind/platform/leaderboard/leaderboard-settings.ts";
import { refreshLeaderboard } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import { revealPrivateLeaderboard } from "@unblind/platform/leaderboard/reveal-private-leaderboard.ts";
import { selectFinalSubmission } from "@unblind/platform/leaderboard/select-final-submission.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { listMySubmissions } from "@unblind/platform/submissions/list-my-submissions.ts";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { phaseArgs } from "../../apps/scorer/src/run-scorer-cli.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { inTimeZone, refused, startServices, streamOf, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

/** A challenge of the top-tagging package without data, with its split phase. */
async function emptyChallenge(slug: string) {
  const { platform } = services;
  const admin = await services.callerFor("admin@unblind.dev");
  await createChallengeFromPackage(platform, admin, {
    package: "top-tagging",
    slug,
    syntheticData: false,
    organizerEmail: "organizer@unblind.dev",
  });
  const challenge = await platform.db.challenge.findUniqueOrThrow({
    where: { slug },
    select: { id: true, phases: { select: { id: true, finalSelections: true } } },
  });
  return { challengeId: challenge.id, phaseId: challenge.phases[0].id, k: challenge.phases[0].finalSelections };
}

interface Fake {
  id: string;
  userId: string;
  createdAt: Date;
  status: "SCORED" | "INVALID" | "FAILED" | "QUEUED";
  pub: { auc?: number; r30?: number | "inf" };
  priv: { auc?: number; r30?: number | "inf" } | null;
  selected: boolean;
}

const scoresJson = (s: Fake["pub"]) => ({
  ...(s.auc === undefined ? {} : { auc: s.auc }),
  bgRejection30: s.r30 === "inf" ? null : (s.r30 ?? null),
  unbounded: s.r30 === "inf" ? ["bgRejection30"] : [],
});
const value = (v: number | "inf" | undefined) => (v === "inf" ? Infinity : v);

/** The ranking rules, written independently of the SQL: primary desc, secondary desc (missing last), earlier first. */
function better(
  a: { m1: number; m2: number | undefined; t: number },
  b: { m1: number; m2: number | undefined; t: number },
): number {
  if (a.m1 !== b.m1) return b.m1 - a.m1 > 0 ? 1 : -1;
  if (a.m2 !== b.m2) {
    if (a.m2 === undefined) return 1;
    if (b.m2 === undefined) return -1;
    return b.m2 - a.m2 > 0 ? 1 : -1;
  }
  return a.t - b.t;
}

function expectedBoard(subs: Fake[], side: "pub" | "priv", k: number): string[] {
  const byUser = new Map<string, Fake[]>();
  for (const s of subs) {
    if (s.status !== "SCORED" || s.pub.auc === undefined || (side === "priv" && s.priv?.auc === undefined)) continue;
    byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
  }
  const key = (s: Fake, which: "pub" | "priv") => ({
    m1: s[which]!.auc!,
    m2: value(s[which]!.r30),
    t: s.createdAt.getTime(),
  });
  const best: Fake[] = [];
  for (const list of byUser.values()) {
    let candidates = list;
    if (side === "priv") {
      const chosen = list.filter((s) => s.selected);
      candidates = chosen.length ? chosen : [...list].sort((a, b) => better(key(a, "pub"), key(b, "pub"))).slice(0, k);
    }
    best.push([...candidates].sort((a, b) => better(key(a, side), key(b, side)))[0]);
  }
  return best.sort((a, b) => better(key(a, side), key(b, side))).map((s) => s.id);
}

describe("the leaderboard", () => {
  it("ranks thousands of submissions exactly as an independent computation, public and private, with final selections", async () => {
    const { db } = services.platform;
    const { challengeId, phaseId, k } = await emptyChallenge("lb-ranking");
    const random = new Random(42);
    const users = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        db.user.create({ data: { email: `ranker${i}@example.org`, name: `Ranker ${i}` }, select: { id: true } }),
      ),
    );
    const metric = () => (random.below(10) === 0 ? undefined : random.below(40) / 100 + 0.5); // coarse: many ties
    const rejection = () => (random.below(8) === 0 ? "inf" : random.below(6) === 0 ? undefined : random.below(20) * 10);
    const subs: Fake[] = [];
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 3000; i++) {
      const roll = random.below(20);
      subs.push({
        id: `sub-rank-${i}`,
        userId: users[random.below(users.length)].id,
        createdAt: new Date(t0 + i * 1000),
        status: roll === 0 ? "INVALID" : roll === 1 ? "FAILED" : roll === 2 ? "QUEUED" : "SCORED",
        pub: { auc: metric(), r30: rejection() },
        priv: random.below(30) === 0 ? null : { auc: metric(), r30: rejection() },
        selected: false,
      });
    }
    // Failed and invalid ones carry the best numbers of all: they must still never rank.
    for (const s of subs) if (s.status !== "SCORED" && random.below(2) === 0) s.pub.auc = 0.999;
    const scoredByUser = new Map<string, Fake[]>();
    for (const s of subs)
      if (s.status === "SCORED") scoredByUser.set(s.userId, [...(scoredByUser.get(s.userId) ?? []), s]);
    for (const list of scoredByUser.values())
      if (random.below(3) === 0) for (const s of list.slice(0, Math.min(k, 1 + random.below(2)))) s.selected = true;
    await db.submission.createMany({
      data: subs.map((s) => ({
        id: s.id,
        challengeId,
        phaseId,
        userId: s.userId,
        fileName: "s.csv",
        fileKey: `fake/${s.id}`,
        size: 1n,
        sha256: "0".repeat(64),
        status: s.status,
        scores: scoresJson(s.pub),
        createdAt: s.createdAt,
        selectedAt: s.selected ? s.createdAt : null,
      })),
    });
    await db.privateScore.createMany({
      data: subs.filter((s) => s.priv).map((s) => ({ submissionId: s.id, scores: scoresJson(s.priv!) })),
    });
    await refreshLeaderboard(db, phaseId);

    const entries = async (board: "PUBLIC" | "PRIVATE") =>
      (
        await db.leaderboardEntry.findMany({
          where: { phaseId, board },
          orderBy: { rank: "asc" },
          select: { submissionId: true, rank: true },
        })
      ).map((e) => e.submissionId);
    const expectedPublic = expectedBoard(subs, "pub", k);
    const expectedPrivate = expectedBoard(subs, "priv", k);
    assert.ok(expectedPublic.length > 250, `${expectedPublic.length} ranked`);
    assert.deepEqual(await entries("PUBLIC"), expectedPublic);
    assert.deepEqual(await entries("PRIVATE"), expectedPrivate);
    const ranked = new Set(await entries("PUBLIC"));
    assert.ok(
      subs.filter((s) => s.status !== "SCORED").every((s) => !ranked.has(s.id)),
      "an unscored submission was ranked",
    );

    // The best score over time: each submission that beat every earlier one.
    const state = await db.leaderboardState.findUniqueOrThrow({
      where: { phaseId_board: { phaseId, board: "PUBLIC" } },
      select: { progression: true },
    });
    const improvements: number[] = [];
    for (const s of subs)
      if (
        s.status === "SCORED" &&
        s.pub.auc !== undefined &&
        (improvements.length === 0 || s.pub.auc > improvements.at(-1)!)
      )
        improvements.push(s.pub.auc);
    assert.deepEqual(
      (state.progression as { value: number }[]).map((p) => p.value),
      improvements,
    );

    // The private board's best over time counts exactly what its table ranks: each participant's final
    // selections, or their K best public submissions; never a private score that was not a candidate.
    const candidates = new Set<string>();
    const byUser = new Map<string, Fake[]>();
    for (const s of subs)
      if (s.status === "SCORED" && s.pub.auc !== undefined && s.priv?.auc !== undefined)
        byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
    const pubKey = (s: Fake) => ({ m1: s.pub.auc!, m2: value(s.pub.r30), t: s.createdAt.getTime() });
    for (const list of byUser.values()) {
      const chosen = list.filter((s) => s.selected);
      for (const s of chosen.length ? chosen : [...list].sort((a, b) => better(pubKey(a), pubKey(b))).slice(0, k))
        candidates.add(s.id);
    }
    const privateImprovements: number[] = [];
    for (const s of subs)
      if (candidates.has(s.id) && (privateImprovements.length === 0 || s.priv!.auc! > privateImprovements.at(-1)!))
        privateImprovements.push(s.priv!.auc!);
    const privateState = await db.leaderboardState.findUniqueOrThrow({
      where: { phaseId_board: { phaseId, board: "PRIVATE" } },
      select: { progression: true },
    });
    assert.deepEqual(
      (privateState.progression as { value: number }[]).map((p) => p.value),
      privateImprovements,
    );
    assert.equal(
      privateImprovements.at(-1),
      subs.find((s) => s.id === expectedPrivate[0])!.priv!.auc,
      "the plot ends at the table's best",
    );

    // One row per participant, and the first page through the use case.
    const olivia = await services.callerFor("organizer@unblind.dev");
    const page = await getLeaderboard(services.platform, olivia, "lb-ranking", { limit: 50, offset: 50 });
    assert.equal(page.total, expectedPublic.length);
    assert.deepEqual(
      page.unranked,
      {
        overBudget: 0,
        failedGate: 0,
        undefinedPrimary: subs.filter((s) => s.status === "SCORED" && s.pub.auc === undefined).length,
      },
      "the board says how many scored submissions it leaves out, and why",
    );
    assert.deepEqual(
      page.rows.map((r) => r.submissionId),
      expectedPublic.slice(50, 100),
    );
    assert.deepEqual(
      page.rows.map((r) => r.rank),
      Array.from({ length: 50 }, (_, i) => 51 + i),
    );
    // Submission times are instants whatever the reading process's time zone (the columns hold UTC without a zone).
    const all = await inTimeZone("Asia/Tokyo", () =>
      getLeaderboard(services.platform, olivia, "lb-ranking", { limit: null }),
    );
    assert.equal(new Set(all.rows.map((r) => r.participant)).size, all.rows.length);
    const createdAt = new Map(subs.map((s) => [s.id, s.createdAt.getTime()]));
    assert.deepEqual(
      all.rows.map((r) => r.submittedAt.getTime()),
      all.rows.map((r) => createdAt.get(r.submissionId)),
    );
    assert.ok(Math.abs(all.computedAt!.getTime() - Date.now()) < 60_000, "the board was computed just now");

    // A new score moves the board at the next refresh (the scorer refreshes after each result).
    const last = expectedPublic.at(-1)!;
    await db.submission.update({ where: { id: last }, data: { scores: scoresJson({ auc: 0.95, r30: 5 }) } });
    await refreshLeaderboard(db, phaseId);
    assert.equal((await entries("PUBLIC"))[0], last);
  });

  it("marks an entry tied with the one above when the paired bootstrap cannot tell them apart", async () => {
    const { db } = services.platform;
    const { challengeId, phaseId } = await emptyChallenge("lb-ties");
    const random = new Random(7);
    const noise = Float64Array.from({ length: 200 }, () => (random.below(2001) - 1000) / 1e5); // ±0.01, shared resamples
    const independent = Float64Array.from({ length: 200 }, () => (random.below(2001) - 1000) / 1e5);
    const shifted = (base: number, by = 0, n = noise) =>
      Uint8Array.from(Buffer.from(encodeReplicates(n.map((x) => base + x + by)), "base64"));
    // A: 0.900. B: 0.8998 but always 0.0002 below A on the same resamples: distinguishable although the
    // intervals overlap. C: 0.8997 with independent noise: indistinguishable from B.
    const plan = [
      { id: "tie-a", auc: 0.9, replicates: shifted(0.9) },
      { id: "tie-b", auc: 0.8998, replicates: shifted(0.9, -0.0002) },
      { id: "tie-c", auc: 0.8997, replicates: shifted(0.8997, 0, independent) },
      { id: "tie-d", auc: 0.5, replicates: null },
    ];
    for (const [i, p] of plan.entries()) {
      const user = await db.user.create({ data: { email: `${p.id}@example.org` }, select: { id: true } });
      await db.submission.create({
        data: {
          id: p.id,
          challengeId,
          phaseId,
          userId: user.id,
          fileName: "s.csv",
          fileKey: `fake/${p.id}`,
          size: 1n,
          sha256: "0".repeat(64),
          status: "SCORED",
          scores: { auc: p.auc },
          replicates: p.replicates,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
        },
      });
    }
    await refreshLeaderboard(db, phaseId);
    const board = await getLeaderboard(services.platform, null, "lb-ties");
    assert.deepEqual(
      board.rows.map((r) => r.submissionId),
      ["tie-a", "tie-b", "tie-c", "tie-d"],
    );
    assert.deepEqual(
      board.rows.map((r) => r.tiedWithAbove),
      [null, false, true, null],
    );
    assert.equal(board.rows[1].probabilityAboveBetter, 1);
    const [a] = board.rows;
    assert.ok(a.interval!.low! < 0.9 && a.interval!.high! > 0.9 && a.interval!.level === 0.68);
    assert.ok(a.interval!.low! > 0.89 && a.interval!.high! < 0.91);
    assert.equal(board.rows[3].interval, null);
  });
});

describe("the private leaderboard", () => {
  let truthPath: string;
  let submissionPath: string;
  let submissionId: string;
  const slug = "top-tagging";

  before(async () => {
    const { db, storage } = services.platform;
    const files = await db.datasetFile.findMany({
      where: { name: { in: ["test.h5", "test_truth.csv"] }, dataset: { challenge: { slug } } },
      select: { name: true, key: true },
    });
    for (const f of files) await storage.downloadToFile(f.key, path.join(services.dataDir, f.name));
    truthPath = path.join(services.dataDir, "test_truth.csv");
    const csv = execFileSync(
      "npm",
      ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", path.join(services.dataDir, "test.h5")],
      { encoding: "utf8" },
    );
    submissionPath = path.join(services.dataDir, "baseline.csv");
    writeFileSync(submissionPath, csv);
    const alice = await services.callerFor("alice@unblind.dev");
    submissionId = (
      await createSubmission(services.platform, alice, {
        challengeSlug: slug,
        fileName: "baseline.csv",
        body: streamOf(csv),
      })
    ).id;
    assert.equal(await scoreSubmission(services.scorer, submissionId), "SCORED");
  });

  /** The scoring CLI run by hand with the phase's split: the independent reference. */
  async function cliScores() {
    const phase = await services.platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug } },
      select: { publicFraction: true, splitKey: true, bootstrapResamples: true },
    });
    return JSON.parse(
      execFileSync(
        "npm",
        [
          "run",
          "-s",
          "score",
          "--",
          "--challenge",
          "top-tagging",
          "--truth",
          truthPath,
          "--submission",
          submissionPath,
          ...phaseArgs(phase),
        ],
        { encoding: "utf8" },
      ),
    );
  }

  it("is computed at scoring time and returned by no route before the reveal, to participants and organizers alike", async () => {
    const { platform } = services;
    const cli = await cliScores();
    assert.equal(cli.nJets, 600);
    assert.equal(cli.private.nJets, 1400);
    const sealed = await platform.db.privateScore.findUniqueOrThrow({
      where: { submissionId },
      select: { scores: true },
    });
    assert.equal((sealed.scores as { auc: number }).auc, cli.private.auc);

    const alice = await services.callerFor("alice@unblind.dev");
    const olivia = await services.callerFor("organizer@unblind.dev");
    const privateAuc = String(cli.private.auc);
    const seen: unknown[] = [];
    for (const caller of [alice, olivia]) {
      const mine = await getSubmission(platform, caller, submissionId);
      assert.equal((mine.scores as { auc: number }).auc, cli.auc);
      seen.push(
        mine,
        await listMySubmissions(platform, caller, slug),
        await getLeaderboard(platform, caller, slug, { limit: null }),
        await getLeaderboardPlots(platform, caller, slug, { top: 50 }),
      );
      await assert.rejects(
        getLeaderboard(platform, caller, slug, { board: "private" }),
        refused("FORBIDDEN", /sealed until the organizers reveal it/),
      );
      await assert.rejects(getLeaderboardPlots(platform, caller, slug, { board: "private" }), refused("FORBIDDEN"));
    }
    const text = JSON.stringify(seen, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    assert.ok(!text.includes(privateAuc), "the private AUC reached a route before the reveal");
    assert.ok(!text.includes('"private"'));
    assert.ok(!text.includes("privateValue"));
    assert.ok(!text.includes("privateScores"));
    const board = await getLeaderboard(platform, alice, slug);
    assert.equal(board.board, "public");
    assert.equal(board.rows[0].scores.auc, cli.auc);
  });

  it("takes final selections up to the limit while the phase is open", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const bob = await services.callerFor("bob@unblind.dev");
    await assert.rejects(selectFinalSubmission(platform, bob, { submissionId, selected: true }), refused("NOT_FOUND"));
    const csv = execFileSync("cat", [submissionPath], { encoding: "utf8" });
    const more = [];
    for (let i = 0; i < 2; i++) {
      const { id } = await createSubmission(platform, alice, {
        challengeSlug: slug,
        fileName: `again${i}.csv`,
        body: streamOf(csv),
      });
      assert.equal(await scoreSubmission(services.scorer, id), "SCORED");
      more.push(id);
    }
    assert.equal(
      (await selectFinalSubmission(platform, alice, { submissionId: more[0], selected: true })).selectedCount,
      1,
    );
    assert.equal(
      (await selectFinalSubmission(platform, alice, { submissionId: more[1], selected: true })).selectedCount,
      2,
    );
    await assert.rejects(
      selectFinalSubmission(platform, alice, { submissionId, selected: true }),
      refused("CONFLICT", /already selected 2 of 2/),
    );
    await selectFinalSubmission(platform, alice, { submissionId: more[1], selected: false });
    const phase = await platform.db.phase.findFirstOrThrow({ where: { challenge: { slug } }, select: { id: true } });
    const entry = await platform.db.leaderboardEntry.findFirstOrThrow({
      where: { phaseId: phase.id, board: "PRIVATE", userId: alice.userId },
      select: { submissionId: true },
    });
    assert.equal(entry.submissionId, more[0], "the private board uses the selection, not the best public one");
  });

  it("is revealed once, by an organizer, after the close, under audit; then it matches the CLI", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const olivia = await services.callerFor("organizer@unblind.dev");
    await assert.rejects(
      revealPrivateLeaderboard(platform, olivia, { slug, phase: "Main" }),
      refused("CONFLICT", /still open/),
    );
    const phase = await platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug } },
      select: { closesAt: true },
    });
    await setPhaseDeadline(platform, olivia, { slug, phase: "Main", closesAt: new Date(Date.now() - 1000) });
    await assert.rejects(revealPrivateLeaderboard(platform, alice, { slug, phase: "Main" }), refused("FORBIDDEN"));
    await assert.rejects(
      getLeaderboard(platform, alice, slug, { phase: "Main", board: "private" }),
      refused("FORBIDDEN"),
      "closing alone does not reveal (revealAtClose is off)",
    );
    await assert.rejects(
      selectFinalSubmission(platform, alice, { submissionId, selected: true }),
      refused("PHASE_CLOSED"),
    );

    const revealed = await revealPrivateLeaderboard(platform, olivia, { slug, phase: "Main" });
    assert.equal(revealed.phase, "Main");
    await assert.rejects(
      revealPrivateLeaderboard(platform, olivia, { slug, phase: "Main" }),
      refused("CONFLICT", /was revealed at/),
    );
    const audit = await listAuditEvents(platform, olivia, { challengeSlug: slug });
    const event = audit.find((e) => e.action === "leaderboard.revealed")!;
    assert.equal(event.actor, "organizer@unblind.dev");
    assert.equal((event.data as { sha256: string }).sha256, revealed.sha256);
    await assert.rejects(
      setPhaseDeadline(platform, olivia, { slug, phase: "Main", closesAt: phase.closesAt }),
      refused("CONFLICT", /cannot reopen/),
    );
    await assert.rejects(
      setLeaderboardSettings(platform, olivia, { slug, phase: "Main", scoreDigits: 2 }),
      refused("CONFLICT", /final/),
    );

    const board = await getLeaderboard(platform, alice, slug);
    assert.equal(board.board, "private");
    const cli = await cliScores();
    const row = board.rows.find((r) => r.participant === "Alice Participant")!;
    assert.equal(row.scores.auc, cli.private.auc);
    assert.equal(row.publicRank, 1);
    assert.equal((await getSubmission(platform, alice, submissionId)).privateScores?.auc, cli.private.auc);
    const plots = await getLeaderboardPlots(platform, alice, slug, {});
    assert.ok(plots.history.every((h) => h.privateValue === cli.private.auc));
    assert.ok(plots.curves[0].points.length > 10);
  });
});

describe("leaderboard settings", () => {
  it("round public scores when asked, re-scoring the phase, and keep the private ones exact", async () => {
    const { platform } = services;
    const olivia = await services.callerFor("organizer@unblind.dev");
    const admin = await services.callerFor("admin@unblind.dev");
    await createChallengeFromPackage(platform, admin, {
      package: "top-tagging",
      slug: "lb-rounded",
      organizerEmail: "organizer@unblind.dev",
    });
    const alice = await services.callerFor("alice@unblind.dev");
    const { db, storage } = platform;
    const file = await db.datasetFile.findFirstOrThrow({
      where: { name: "test.h5", dataset: { challenge: { slug: "lb-rounded" } } },
      select: { key: true },
    });
    const h5 = path.join(services.dataDir, "rounded-test.h5");
    await storage.downloadToFile(file.key, h5);
    const csv = execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", h5], {
      encoding: "utf8",
    });
    const { id } = await createSubmission(platform, alice, {
      challengeSlug: "lb-rounded",
      fileName: "b.csv",
      body: streamOf(csv),
    });
    await scoreSubmission(services.scorer, id);
    await assert.rejects(
      setLeaderboardSettings(platform, alice, { slug: "lb-rounded", phase: "Main", scoreDigits: 3 }),
      refused("FORBIDDEN"),
    );
    await assert.rejects(
      setLeaderboardSettings(platform, olivia, { slug: "lb-rounded", phase: "Main", publicFraction: 1.5 }),
      refused("BAD_REQUEST", /publicFraction: must be between 0 and 1/),
    );
    await assert.rejects(
      setLeaderboardSettings(platform, olivia, { slug: "lb-rounded", phase: "Main", secondaryMetric: "nope" }),
      refused("BAD_REQUEST", /secondaryMetric/),
    );
    const changed = await setLeaderboardSettings(platform, olivia, {
      slug: "lb-rounded",
      phase: "Main",
      scoreDigits: 3,
    });
    assert.equal(changed.rescored, 1);
    assert.equal(await scoreSubmission(services.scorer, id), "SCORED");
    const stored = await getSubmission(platform, alice, id);
    const auc = (stored.scores as { auc: number }).auc;
    assert.equal(auc, Number(auc.toFixed(3)));
    const sealed = await db.privateScore.findUniqueOrThrow({ where: { submissionId: id }, select: { scores: true } });
    const privateAuc = (sealed.scores as { auc: number }).auc;
    assert.notEqual(privateAuc, Number(privateAuc.toFixed(3)), "private scores are stored exact");
    const audit = await listAuditEvents(platform, olivia, { challengeSlug: "lb-rounded" });
    assert.ok(audit.some((e) => e.action === "phase.leaderboard_changed"));
  });
});
