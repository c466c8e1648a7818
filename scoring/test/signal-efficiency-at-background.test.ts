import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rocCurve } from "../src/metrics/roc-curve.ts";
import {
  maxSignificanceImprovement,
  signalEfficiencyAtBackground,
} from "../src/metrics/signal-efficiency-at-background.ts";

describe("signalEfficiencyAtBackground", () => {
  // 4 signal, 10 background; background scores 0..9, signal 9.5, 8.5, 5, 1.
  const labels = [1, 1, 1, 1, ...Array(10).fill(0)];
  const scores = [9.5, 8.5, 5, 1, 9, 8, 7, 6, 4, 3, 2, 0.5, 0.2, 0.1];
  const curve = rocCurve(labels, scores);

  it("takes the lowest threshold whose background pass fraction is still ≤ εB", () => {
    // εB ≤ 0.1 allows one background jet (score 9). Thresholds 9 and 8.5 both pass
    // just it; the lowest, 8.5, also passes signal 9.5 and 8.5: εS = 0.5.
    const wp = signalEfficiencyAtBackground(curve, 0.1);
    assert.equal(wp.signalEfficiency, 0.5);
    assert.equal(wp.backgroundEfficiency, 0.1);
    assert.equal(wp.significanceImprovement, 0.5 / Math.sqrt(0.1));
  });

  it("gives εS = 0 when even the highest threshold passes too much background", () => {
    const c = rocCurve([0, 1], [1, 0]);
    assert.equal(signalEfficiencyAtBackground(c, 0.01).signalEfficiency, 0);
  });

  it("takes the maximum of εS/√εB over points with εB > 0", () => {
    // Threshold 8.5: εS = 0.5, εB = 0.1 → 1.581, above threshold 5 (0.75/√0.4 = 1.186)
    // and threshold 9 (0.25/√0.1 = 0.791).
    assert.equal(maxSignificanceImprovement(curve), 0.5 / Math.sqrt(0.1));
  });
});
