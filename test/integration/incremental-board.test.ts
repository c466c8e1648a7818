// The incremental board against the full recomputation: after random
// sequences of scores, re-scores, re-queued and failed submissions, final
// selections, private scores arriving late, settings changes and concurrent
// writers, the boards refreshed participant by participant equal the boards
// recomputed from scratch, to every column, on real PostgreSQL.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Random } from "@unblind/scoring/random.ts";
import { createChallengeFromPackage } from "@unblind/platform/challenges/create-from-package.ts";
import { refreshLeaderboard, staleLeaderboards } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import { startServices, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const REPLICATES = 24;

/** A top-tagging phase with a public/private split, and its participants. */
async function phaseWithParticipants(slug: string, n: number) {
  const { platform } = services;
  const { db } = platform;
  const admin = await services.callerFor("admin@unblind.dev");
  await createChallengeFromPackage(platform, admin, { package: "top-tagging", slug, syntheticData: false });
  const challenge = await db.challenge.findUniqueOrThrow({
    where: { slug },
    select: { id: true, phases: { select: { id: true } } },
  });
  const users = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      db.user.create({ data: { email: `${slug}-${i}@example.org`, name: `${slug} ${i}` }, select: { id: true } }),
    ),
  );
  return { challengeId: challenge.id, phaseId: challenge.phases[0].id, users: users.map((u) => u.id) };
}

/** Scores with coarse values (equal primaries, missing and unbounded secondaries) and replicates around them. */
function fakeScore(random: Random) {
  const auc = random.below(12) === 0 ? undefined : 0.8 + random.below(8) / 50;
  const r30 = random.below(6) === 0 ? "inf" : random.below(5) === 0 ? undefined : 10 * (1 + random.below(5));
  const scores = {
    ...(auc === undefined ? {} : { auc }),
    bgRejection30: r30 === "inf" ? null : (r30 ?? null),
    unbounded: r30 === "inf" ? ["bgRejection30"] : [],
    ...(random.below(15) === 0 ? { withinBudget: false } : {}),
  };
  const values = new Float64Array(REPLICATES);
  for (let i = 0; i < REPLICATES; i++) values[i] = (auc ?? 0.5) + (random.below(1000) - 500) / 20_000;
  return { scores, replicates: Buffer.from(values.buffer) };
}

/** Both boards to every column, and their states but for the times. */
async function snapshot(phaseId: string) {
  const { db } = services.platform;
  const entries = await db.leaderboardEntry.findMany({
    where: { phaseId },
    orderBy: [{ board: "asc" }, { rank: "asc" }],
    omit: { phaseId: true },
  });
  const states = await db.leaderboardState.findMany({
    where: { phaseId },
    orderBy: { board: "asc" },
    select: { board: true, progression: true, total: true, unranked: true },
  });
  return { entries, states };
}

describe("the incremental board", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`equals the full recomputation after a random sequence of changes (seed ${seed})`, async () => {
      const { db } = services.platform;
      const random = new Random(seed);
      const { challengeId, phaseId, users } = await phaseWithParticipants(`incr-${seed}`, 12);
      if (seed === 3) await db.phase.update({ where: { id: phaseId }, data: { scoreDigits: 2 } });
      const t0 = Date.UTC(2026, 5, 1);
      let made = 0;
      const ids: string[] = [];
      const pick = () => ids[random.below(ids.length)];

      const submit = async () => {
        const id = `incr-${seed}-${made++}`;
        const roll = random.below(10);
        const status = roll === 0 ? "INVALID" : roll === 1 ? "FAILED" : "SCORED";
        const { scores, replicates } = fakeScore(random);
        // Coarse times: two submissions of one second tie on time and are told apart by id.
        const createdAt = new Date(t0 + random.below(40) * 1000);
        await db.submission.create({
          data: {
            id,
            challengeId,
            phaseId,
            userId: users[random.below(users.length)],
            fileName: "s.csv",
            fileKey: `incr/${id}`,
            size: 1n,
            sha256: "0".repeat(64),
            status,
            scores,
            replicates,
            truthSha256: random.below(10) === 0 ? "other-truth" : "truth",
            createdAt,
          },
        });
        // The private score sometimes lands in a later transaction, sometimes never.
        if (random.below(8) !== 0) {
          const priv = fakeScore(random);
          await db.privateScore.create({ data: { submissionId: id, ...priv } });
        }
        ids.push(id);
      };
      const changes: (() => Promise<unknown>)[] = [
        submit,
        submit,
        submit,
        // A re-score with other numbers.
        async () => db.submission.update({ where: { id: pick() }, data: fakeScore(random) }),
        async () => {
          const id = pick();
          await db.privateScore.upsert({
            where: { submissionId: id },
            create: { submissionId: id, ...fakeScore(random) },
            update: fakeScore(random),
          });
        },
        // Re-queued (off the board), then scored again.
        async () => db.submission.update({ where: { id: pick() }, data: { status: "QUEUED" } }),
        async () => db.submission.update({ where: { id: pick() }, data: { status: "SCORED", ...fakeScore(random) } }),
        // Final selections, made and withdrawn.
        async () => db.submission.update({ where: { id: pick() }, data: { selectedAt: new Date() } }),
        async () => db.submission.update({ where: { id: pick() }, data: { selectedAt: null } }),
        async () => db.privateScore.deleteMany({ where: { submissionId: pick() } }),
      ];

      await submit();
      await refreshLeaderboard(db, phaseId);
      for (let step = 0; step < 60; step++) {
        if (random.below(6) === 0) {
          // Concurrent writers, each refreshing after its change, as scorer slots do.
          await Promise.all(
            [0, 1, 2].map(async () => {
              await changes[random.below(changes.length)]();
              await refreshLeaderboard(db, phaseId);
            }),
          );
        } else {
          await changes[random.below(changes.length)]();
          // Sometimes several changes wait for one refresh.
          if (random.below(3) !== 0) await refreshLeaderboard(db, phaseId);
        }
      }
      const last = await refreshLeaderboard(db, phaseId);
      assert.notEqual(last.outcome, "full", "the sequence ran on incremental refreshes");
      assert.equal(await db.leaderboardChange.count({ where: { phaseId } }), 0, "every change was taken");

      const incremental = await snapshot(phaseId);
      assert.ok(incremental.entries.length >= 5, `${incremental.entries.length} entries`);
      assert.equal((await refreshLeaderboard(db, phaseId, { full: true })).outcome, "full");
      assert.deepEqual(incremental, await snapshot(phaseId));
    });
  }

  it("recomputes in full when the ranking rules change, and goes on incrementally after", async () => {
    const { db } = services.platform;
    const random = new Random(9);
    const { challengeId, phaseId, users } = await phaseWithParticipants("incr-rules", 6);
    const submit = (i: number) =>
      db.submission.create({
        data: {
          id: `incr-rules-${i}`,
          challengeId,
          phaseId,
          userId: users[i % users.length],
          fileName: "s.csv",
          fileKey: `incr-rules/${i}`,
          size: 1n,
          sha256: "0".repeat(64),
          status: "SCORED",
          truthSha256: "truth",
          ...fakeScore(random),
        },
      });
    for (let i = 0; i < 10; i++) await submit(i);
    assert.equal((await refreshLeaderboard(db, phaseId)).outcome, "full", "the first refresh");
    await submit(10);
    assert.equal((await refreshLeaderboard(db, phaseId)).outcome, "incremental");
    assert.equal((await refreshLeaderboard(db, phaseId)).outcome, "unchanged");
    await db.phase.update({ where: { id: phaseId }, data: { tieConfidence: 0.5, finalSelections: 1 } });
    assert.equal((await refreshLeaderboard(db, phaseId)).outcome, "full", "other rules");
    await submit(11);
    assert.equal((await refreshLeaderboard(db, phaseId)).outcome, "incremental");
    const incremental = await snapshot(phaseId);
    await refreshLeaderboard(db, phaseId, { full: true });
    assert.deepEqual(incremental, await snapshot(phaseId));
  });

  it("leaves a change a writer has not committed for the refresh after it, and the sweeper finds one never refreshed", async () => {
    const { db } = services.platform;
    const random = new Random(11);
    const { challengeId, phaseId, users } = await phaseWithParticipants("incr-writers", 2);
    const row = (id: string, userId: string) => ({
      id,
      challengeId,
      phaseId,
      userId,
      fileName: "s.csv",
      fileKey: `incr-writers/${id}`,
      size: 1n,
      sha256: "0".repeat(64),
      status: "SCORED" as const,
      truthSha256: "truth",
      ...fakeScore(random),
      scores: { auc: 0.9, bgRejection30: 10, unbounded: [] },
    });
    await db.submission.create({ data: row("incr-writers-0", users[0]) });
    await refreshLeaderboard(db, phaseId);
    const onBoard = async (id: string) =>
      (await db.leaderboardEntry.count({ where: { phaseId, board: "PUBLIC", submissionId: id } })) === 1;

    // A score whose refresh never ran leaves its note; then a writer scores another of the same participant and has
    // not committed yet (its note is the same row, which it holds): a refresh meanwhile neither waits for it nor
    // takes the note.
    await db.submission.create({ data: row("incr-writers-1a", users[1]) });
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const writer = db.$transaction(async (tx) => {
      await tx.submission.create({ data: row("incr-writers-1", users[1]) });
      written();
      await committed;
    });
    await wrote;
    assert.equal((await refreshLeaderboard(db, phaseId)).outcome, "unchanged");
    commit();
    await writer;
    assert.equal(await onBoard("incr-writers-1a"), false, "not on the board before its refresh");
    assert.deepEqual(await staleLeaderboards(db).then((ids) => ids.includes(phaseId)), true, "the sweeper sees it");
    const { outcome, participants } = await refreshLeaderboard(db, phaseId);
    assert.deepEqual([outcome, participants], ["incremental", 1]);
    assert.ok((await onBoard("incr-writers-1")) || (await onBoard("incr-writers-1a")));
    assert.equal(await db.leaderboardEntry.count({ where: { phaseId, board: "PUBLIC" } }), 2);
    assert.equal(await staleLeaderboards(db).then((ids) => ids.includes(phaseId)), false);
  });
});
