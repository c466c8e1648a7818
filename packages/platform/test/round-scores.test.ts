import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { roundScores } from "../src/leaderboard/round-scores.ts";

describe("rounding public scores", () => {
  it("rounds every non-integer number, nested ones included, and leaves counts, ∞ and text alone", () => {
    const scores = {
      auc: 0.987654321,
      nJets: 600,
      events: [{ eventId: 1000, score: 0.123456 }],
      ci: { auc: { low: 0.98111, high: 0.99999, level: 0.68 } },
      unbounded: ["bgRejection30"],
      bgRejection30: null,
      big: Infinity,
    };
    assert.deepEqual(roundScores(scores, 3), {
      auc: 0.988,
      nJets: 600,
      events: [{ eventId: 1000, score: 0.123 }],
      ci: { auc: { low: 0.981, high: 1, level: 0.68 } },
      unbounded: ["bgRejection30"],
      bgRejection30: null,
      big: Infinity,
    });
  });

  it("keeps exact scores when no rounding is configured", () => {
    const scores = { auc: 0.987654321 };
    assert.equal(roundScores(scores, null), scores);
  });
});
