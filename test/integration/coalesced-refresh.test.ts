// Leaderboard refreshes coalesce at a deadline rush: concurrent results on
// one phase cost one refresh per refresh's duration, not one per result; yet
// every caller returns only once its own result is on the board, and the
// board equals a full recomputation at the end.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { refreshLeaderboard } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import { startServices, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const boardOf = async (phaseId: string) =>
  services.platform.db.leaderboardEntry.findMany({
    where: { phaseId, board: "PUBLIC" },
    orderBy: { rank: "asc" },
    select: { rank: true, userId: true, submissionId: true, primary: true, submissions: true },
  });

describe("coalesced leaderboard refreshes", () => {
  it("give every concurrent caller its own result on the board, with fewer refreshes than results", async () => {
    const { db } = services.platform;
    const phase = await db.phase.findFirstOrThrow({
      where: { challenge: { slug: "trackml" }, name: "Main" },
      select: { id: true, challengeId: true },
    });
    const users = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.user.create({ data: { email: `rush${i}@example.org`, name: `Rush ${i}` }, select: { id: true } }),
      ),
    );
    // Forty results land at once, each followed by its refresh, as forty scorer slots would do.
    const outcomes = await Promise.all(
      users.map(async (u, i) => {
        const id = `rush-${i}`;
        await db.submission.create({
          data: {
            id,
            challengeId: phase.challengeId,
            phaseId: phase.id,
            userId: u.id,
            fileName: "rush.csv",
            fileKey: `rush/${id}`,
            size: 1n,
            sha256: "0".repeat(64),
            status: "SCORED",
            scores: { score: 0.5 + i / 100, efficiency: 0.9, fakeRate: 0, duplicateRate: 0, nEvents: 3, nTracks: 9 },
            finishedAt: new Date(),
          },
        });
        const { outcome } = await refreshLeaderboard(db, phase.id);
        // When the call returns, this result is on the board.
        const entry = await db.leaderboardEntry.findFirst({
          where: { phaseId: phase.id, board: "PUBLIC", submissionId: id },
          select: { primary: true },
        });
        assert.equal(entry?.primary, 0.5 + i / 100, `rush-${i} is on the board when its refresh returns`);
        return outcome;
      }),
    );
    const refreshed = outcomes.filter((o) => o === "incremental" || o === "full").length;
    assert.ok(refreshed < users.length, `${refreshed} refreshes for ${users.length} results`);
    assert.ok(outcomes.includes("unchanged"), "a caller found its change on the board already");

    // The coalesced board is the full recomputation's.
    const coalesced = await boardOf(phase.id);
    assert.equal((await refreshLeaderboard(db, phase.id, { full: true })).outcome, "full");
    assert.deepEqual(await boardOf(phase.id), coalesced);
    assert.equal(coalesced[0].submissionId, "rush-39");
  });
});
