import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Cells, drawResample, resampleRandom } from "../src/metrics/bootstrap.ts";
import { compareReplicates, decodeReplicates, encodeReplicates, replicates } from "../src/metrics/paired-replicates.ts";
import { rocAuc } from "../src/metrics/roc-auc.ts";
import { rocReplicates } from "../src/metrics/roc-replicates.ts";
import { Random } from "../src/random.ts";

/** AUC of a resample written out row by row: row i repeated counts[i] times. */
function aucOfResample(labels: Uint8Array, scores: Float64Array, counts: Int32Array): number {
  const l: number[] = [];
  const s: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) l.push(labels[i]), s.push(scores[i]);
  });
  return rocAuc(Uint8Array.from(l), Float64Array.from(s));
}

describe("paired-bootstrap replicates", () => {
  const random = new Random(11);
  const n = 400;
  const labels = Uint8Array.from({ length: n }, () => random.below(2));
  const a = Float64Array.from(labels, (y) => random.below(50) + 20 * y); // ties included
  const b = Float64Array.from(labels, (y) => random.below(50) + 5 * y);

  it("are the metric on resample b drawn row by row in truth order, the same for every submission", () => {
    const boot = { resamples: 30, seed: 9 };
    const ra = decodeReplicates(
      rocReplicates(labels, a, { rejectionAt: [], signalEfficiencyAt: [] }, { auc: "auc" }, boot).auc,
    );
    const rb = decodeReplicates(
      rocReplicates(labels, b, { rejectionAt: [], signalEfficiencyAt: [] }, { auc: "auc" }, boot).auc,
    );
    const counts = new Int32Array(n);
    for (let k = 0; k < boot.resamples; k++) {
      drawResample(resampleRandom(boot.seed, k), counts, Cells.single(n));
      assert.ok(Math.abs(ra[k] - aucOfResample(labels, a, counts)) < 1e-12);
      assert.ok(Math.abs(rb[k] - aucOfResample(labels, b, counts)) < 1e-12);
    }
  });

  it("tell a clearly better submission apart and call identical ones a tie", () => {
    const boot = { resamples: 200, seed: 1 };
    const stat = (scores: Float64Array) => replicates(n, (c) => [aucOfWeights(labels, scores, c)], 1, boot)[0];
    const ra = stat(a);
    const rb = stat(b);
    const better = compareReplicates(ra, rb);
    assert.ok(better.probabilityABetter > 0.99);
    assert.ok(better.difference.low! > 0);
    const same = compareReplicates(ra, ra);
    assert.equal(same.probabilityABetter, 0.5);
    assert.equal(same.difference.low, 0);
    assert.ok(compareReplicates(ra, rb, { higherIsBetter: false }).probabilityABetter < 0.01);
    assert.throws(() => compareReplicates(ra, rb.subarray(1)), /same resamples/);
  });

  it("survive JSON exactly, ∞ and NaN included", () => {
    const values = Float64Array.of(0.1 + 0.2, Infinity, NaN, -0, 1e-300);
    const back = decodeReplicates(JSON.parse(JSON.stringify(encodeReplicates(values))));
    assert.deepEqual([...back], [...values]);
    assert.throws(() => decodeReplicates(new Uint8Array(7)), /not float64s/);
  });
});

function aucOfWeights(labels: Uint8Array, scores: Float64Array, counts: Int32Array): number {
  let u = 0;
  let nS = 0;
  let nB = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) nS += counts[i];
    else nB += counts[i];
  }
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i] || !counts[i]) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] || !counts[j]) continue;
      u += counts[i] * counts[j] * (scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0);
    }
  }
  return u / (nS * nB);
}
