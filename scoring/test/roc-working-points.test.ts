import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rocCurve } from "../src/metrics/roc-curve.ts";
import { rocWorkingPoints, WORKING_POINTS } from "../src/metrics/roc-working-points.ts";

describe("rocWorkingPoints", () => {
  // 10 signal at scores 10..1; 10 background at 9, 5, 3.5, 3.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0.
  const labels = [...Array(10).fill(1), ...Array(10).fill(0)];
  const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 9, 5, 3.5, 3.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0];

  it("gives εB at each nominal εS 0.1 … 0.9 by the threshold rule, worked out by hand", () => {
    // εS = k/10 is reached at threshold 11 − k; background at or above it:
    // t=10: 0; t=9: 1 (the 9); t=8,7,6: 1; t=5: 2; t=4: 2; t=3: 4 (3.5, 3.5); t=2: 4.
    const expected = [0, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.4, 0.4];
    assert.deepEqual(
      rocWorkingPoints(rocCurve(labels, scores)),
      expected.map((backgroundEfficiency, i) => ({ signalEfficiency: WORKING_POINTS[i], backgroundEfficiency })),
    );
  });

  it("reports the nominal εS, never the one a participant's thresholds reach", () => {
    // Every signal jet tied at one score: the only threshold passes all signal (εS reached = 1).
    const points = rocWorkingPoints(rocCurve([1, 1, 1, 0, 0], [1, 1, 1, 0.5, 1]));
    assert.deepEqual(
      points.map((p) => p.signalEfficiency),
      [...WORKING_POINTS],
    );
    assert.ok(points.every((p) => p.backgroundEfficiency === 0.5));
  });
});
