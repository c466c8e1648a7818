import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backgroundRejection } from "../src/metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../src/metrics/background-rejection-interpolated.ts";
import { rocCurve } from "../src/metrics/roc-curve.ts";

describe("rocCurve", () => {
  it("has one point per distinct score, highest first, ties together", () => {
    const c = rocCurve([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.2, 0.2]);
    assert.deepEqual([...c.thresholds], [0.9, 0.5, 0.2]);
    assert.deepEqual([...c.truePositives], [1, 2, 2]);
    assert.deepEqual([...c.falsePositives], [1, 1, 3]);
  });
});

describe("backgroundRejection (threshold convention)", () => {
  // 10 signal at scores 10..1, 10 background at 5.5, 4.5, ..., and one tie.
  const labels = [...Array(10).fill(1), ...Array(10).fill(0)];
  const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 9, 5, 3.5, 3.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0];
  const curve = rocCurve(labels, scores);

  it("takes the highest score at which the signal fraction reaches εS, ties passing", () => {
    // εS = 0.3 is first reached at t = 8 (signal 10, 9, 8); background ≥ 8: only 9 → εB = 0.1.
    const r = backgroundRejection(curve, 0.3);
    assert.equal(r.threshold, 8);
    assert.equal(r.backgroundEfficiency, 0.1);
    assert.equal(r.value, 10);
  });

  it("counts a background tie at the threshold as passing (tie group straddling εS)", () => {
    // εS = 0.6 is first reached at t = 5 (signal 10..5); background ≥ 5: 9 and 5 → εB = 0.2.
    const r = backgroundRejection(curve, 0.6);
    assert.equal(r.threshold, 5);
    assert.equal(r.backgroundEfficiency, 0.2);
    assert.equal(r.value, 5);
  });

  it("reports an unbounded rejection as null with a flag when no background passes", () => {
    const c = rocCurve([1, 1, 1, 0, 0], [0.9, 0.8, 0.7, 0.1, 0.2]);
    const r = backgroundRejection(c, 0.3);
    assert.equal(r.value, null);
    assert.equal(r.unbounded, true);
  });

  it("reaches εS exactly when tp/n equals it in floating point (3/10 ≥ 0.3)", () => {
    assert.equal(backgroundRejection(curve, 0.3).signalEfficiency, 0.3);
  });
});

describe("backgroundRejectionInterpolated", () => {
  it("interpolates εB linearly in εS between the bracketing ROC points", () => {
    // Points (εS, εB): (0,0) → (0.5, 0) → (1, 0.5) at scores 0.9 / 0.5.
    const c = rocCurve([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1]);
    // εS = 0.75 is halfway from (0.5, 0) to (1, 0.5): εB = 0.25.
    const r = backgroundRejectionInterpolated(c, 0.75);
    assert.equal(r.backgroundEfficiency, 0.25);
    assert.equal(r.value, 4);
    // The threshold convention would take the whole tie group: εB = 0.5.
    assert.equal(backgroundRejection(c, 0.75).value, 2);
  });
});
