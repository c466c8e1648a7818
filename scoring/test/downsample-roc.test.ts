import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { downsampleRoc } from "../src/metrics/downsample-roc.ts";
import { rocCurve } from "../src/metrics/roc-curve.ts";

describe("downsampleRoc", () => {
  const n = 20000;
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const scores = labels.map((y) => rand() + 0.3 * y); // continuous: every score distinct
  const curve = rocCurve(labels, scores);

  it("keeps at most the requested number of points, first and last included", () => {
    const points = downsampleRoc(curve, 100);
    assert.ok(points.length <= 100 && points.length > 50, `${points.length} points`);
    assert.deepEqual(points[0], {
      signalEfficiency: curve.truePositives[0] / curve.nSignal,
      backgroundEfficiency: curve.falsePositives[0] / curve.nBackground,
    });
    assert.deepEqual(points.at(-1), { signalEfficiency: 1, backgroundEfficiency: 1 });
  });

  it("keeps the low-εB tail that dominates a log(1/εB) plot", () => {
    const points = downsampleRoc(curve, 100);
    const smallest = Math.min(...points.filter((p) => p.backgroundEfficiency > 0).map((p) => p.backgroundEfficiency));
    const firstNonZero = curve.falsePositives.find((fp) => fp > 0)! / curve.nBackground;
    assert.equal(smallest, firstNonZero);
    // At least a dozen points per decade of εB between 1e-3 and 1.
    assert.ok(points.filter((p) => p.backgroundEfficiency >= 1e-3 && p.backgroundEfficiency < 1e-2).length >= 10);
  });

  it("returns every point of a curve that is already small enough, in order", () => {
    const small = rocCurve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]);
    assert.equal(downsampleRoc(small, 100).length, small.thresholds.length);
  });
});
