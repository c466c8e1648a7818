import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accuracy } from "../src/metrics/accuracy.ts";
import { backgroundRejection } from "../src/metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../src/metrics/background-rejection-interpolated.ts";
import { bootstrap, Cells, drawResample, percentileInterval, quantile } from "../src/metrics/bootstrap.ts";
import { pairedBootstrap } from "../src/metrics/paired-bootstrap.ts";
import { rocAuc } from "../src/metrics/roc-auc.ts";
import { rocCurve } from "../src/metrics/roc-curve.ts";
import { bootstrapRoc } from "../src/metrics/roc-bootstrap.ts";
import { RocResampler, rocResampleNames } from "../src/metrics/roc-resample.ts";
import {
  maxSignificanceImprovement,
  signalEfficiencyAtBackground,
} from "../src/metrics/signal-efficiency-at-background.ts";
import { Random } from "../src/random.ts";

function sample(n: number, seed: number, levels: number) {
  const random = new Random(seed);
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = random.below(2);
    scores[i] = random.below(levels) + (labels[i] ? random.below(3) : 0); // heavy ties
  }
  return { labels, scores };
}

describe("bootstrap resamples", () => {
  it("draw exactly n units with replacement", () => {
    const counts = new Int32Array(1000);
    for (let seed = 0; seed < 20; seed++) {
      drawResample(new Random(seed), counts);
      assert.equal(
        counts.reduce((a, b) => a + b),
        1000,
      );
      assert.ok(counts.every((c) => c >= 0));
    }
  });

  it("give each unit a Binomial(n, 1/n) multiplicity", () => {
    // n = 4: P(count = 0) = (3/4)^4 = 0.3164, mean 1, variance 3/4.
    const counts = new Int32Array(4);
    let zeros = 0;
    let sum = 0;
    let sumSq = 0;
    const B = 40000;
    for (let b = 0; b < B; b++) {
      drawResample(new Random(b), counts);
      zeros += counts[2] === 0 ? 1 : 0;
      sum += counts[2];
      sumSq += counts[2] ** 2;
    }
    assert.ok(Math.abs(zeros / B - 0.3164) < 0.01, String(zeros / B));
    assert.ok(Math.abs(sum / B - 1) < 0.02);
    assert.ok(Math.abs(sumSq / B - 1 - 0.75) < 0.03);
  });

  it("draw cells of several units with Binomial(n, size/n) counts summing to n", () => {
    // Sizes 1, 2, 5 of n = 8: P(count = 0) = (1 − size/8)^8.
    const cells = new Cells(Int32Array.from([1, 2, 5]));
    const counts = new Int32Array(3);
    const zeros = [0, 0, 0];
    const sums = [0, 0, 0];
    const B = 40000;
    for (let b = 0; b < B; b++) {
      drawResample(new Random(b), counts, cells);
      assert.equal(counts[0] + counts[1] + counts[2], 8);
      counts.forEach((c, i) => ((zeros[i] += c === 0 ? 1 : 0), (sums[i] += c)));
    }
    [1, 2, 5].forEach((size, i) => {
      assert.ok(Math.abs(zeros[i] / B - (1 - size / 8) ** 8) < 0.01, `size ${size}: ${zeros[i] / B}`);
      assert.ok(Math.abs(sums[i] / B - size) < 0.03 * size, `size ${size}: ${sums[i] / B}`);
    });
  });

  it("are reproducible from the seed and differ between seeds", () => {
    const stat = (c: Int32Array) => [c.reduce((a, v, i) => a + v * i, 0)];
    const a = bootstrap(50, ["x"], stat, { resamples: 30, seed: 9 });
    assert.deepEqual(a, bootstrap(50, ["x"], stat, { resamples: 30, seed: 9 }));
    assert.notDeepEqual(a, bootstrap(50, ["x"], stat, { resamples: 30, seed: 10 }));
  });
});

describe("percentile intervals", () => {
  it("take numpy's linear quantiles of the bootstrap values", () => {
    const v = Float64Array.from([5, 1, 4, 2, 3]);
    assert.equal(quantile(Float64Array.from([1, 2, 3, 4, 5]), 0.025), 1.1);
    const i = percentileInterval(v, 0.95);
    assert.ok(Math.abs(i.low! - 1.1) < 1e-12 && Math.abs(i.high! - 4.9) < 1e-12);
    assert.ok(Math.abs(i.std! - Math.sqrt(2.5)) < 1e-12);
  });
  it("report an infinite upper end as unbounded, never as a number", () => {
    const i = percentileInterval(Float64Array.from([1, 2, Infinity, Infinity]), 0.9);
    assert.equal(i.high, null);
    assert.equal(i.unbounded, true);
  });
  it("leave out resamples where the metric is undefined and count the rest", () => {
    const r = bootstrap(10, ["x"], (c) => [c[0] === 0 ? NaN : c[0]], { resamples: 200, seed: 1 });
    assert.ok(r.x.resamples < 200 && r.x.resamples > 100);
  });
});

describe("ROC metrics of a weighted resample", () => {
  const options = {
    rejectionAt: [0.3, 0.5],
    signalEfficiencyAt: [0.01, 0.1, 0.5],
    accuracyCut: 5,
    maxSignificance: true,
  };
  /** The metrics of `options` by the single-sample implementations. */
  function singleSampleMetrics(labels: Uint8Array, scores: Float64Array): number[] {
    const curve = rocCurve(labels, scores);
    return [
      rocAuc(labels, scores),
      accuracy(labels, scores, 5),
      ...[0.3, 0.5].map((e) => backgroundRejection(curve, e).value ?? Infinity),
      ...[0.3, 0.5].map((e) => backgroundRejectionInterpolated(curve, e).value ?? Infinity),
      ...[0.01, 0.1, 0.5].map((e) => signalEfficiencyAtBackground(curve, e).signalEfficiency),
      maxSignificanceImprovement(curve),
    ];
  }
  it("equal the single-sample metrics with unit multiplicities, on heavily tied data", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { labels, scores } = sample(300, seed, 8);
      const expected = singleSampleMetrics(labels, scores);
      const got = new RocResampler(labels, scores, options).statsByRow(new Int32Array(300).fill(1));
      assert.equal(got.length, rocResampleNames(options).length);
      expected.forEach((x, k) =>
        assert.ok(Math.abs(got[k] - x) < 1e-12, `seed ${seed}, ${rocResampleNames(options)[k]}: ${got[k]} ≠ ${x}`),
      );
    }
  });

  it("count large tie groups and long runs exactly (no integer overflow)", () => {
    const n = 300_000;
    const random = new Random(3);
    const labels = Uint8Array.from({ length: n }, () => random.below(2));
    const scores = Float64Array.from(labels, (y) => random.below(3) + y); // four levels, huge ties
    const got = new RocResampler(labels, scores, { rejectionAt: [], signalEfficiencyAt: [] }).statsByRow(
      new Int32Array(n).fill(1),
    );
    assert.ok(Math.abs(got[0] - rocAuc(labels, scores)) < 1e-12);
  });

  it("merge same-label runs into cells and still give every metric of the resampled rows", () => {
    for (const maxSignificance of [true, false]) {
      const opts = { ...options, maxSignificance };
      const { labels, scores } = sample(2000, 7, 1000);
      const resampler = new RocResampler(labels, scores, opts);
      assert.ok(resampler.cells.length < 1500, `${resampler.cells.length} cells`);
      for (let seed = 0; seed < 5; seed++) {
        const counts = new Int32Array(2000);
        drawResample(new Random(seed), counts);
        const rl: number[] = [];
        const rs: number[] = [];
        counts.forEach((c, i) => {
          for (let k = 0; k < c; k++) rl.push(labels[i]), rs.push(scores[i]);
        });
        const expected = singleSampleMetrics(Uint8Array.from(rl), Float64Array.from(rs)).slice(
          0,
          maxSignificance ? undefined : -1,
        );
        const got = resampler.statsByRow(counts);
        expected.forEach((x, k) =>
          assert.ok(Math.abs(got[k] - x) < 1e-9, `${rocResampleNames(opts)[k]}: ${got[k]} ≠ ${x}`),
        );
      }
    }
  });

  it("give the same intervals whichever threads computed the resamples", () => {
    const n = 100_000;
    const random = new Random(12);
    const labels = Uint8Array.from({ length: n }, () => random.below(2));
    const scores = Float64Array.from(labels, (y) => random.nextUint32() / 2 ** 32 + 0.6 * y);
    const opts = { rejectionAt: [0.3], signalEfficiencyAt: [] };
    const boot = { resamples: 400, seed: 5 };
    const resampler = new RocResampler(labels, scores, opts);
    const serial = bootstrap(resampler.cells, rocResampleNames(opts), (c) => resampler.statsByCell(c), boot);
    assert.deepEqual(bootstrapRoc(labels, scores, opts, boot), serial);
  });

  it("equal the metrics of the sample with each row repeated by its multiplicity", () => {
    const { labels, scores } = sample(200, 5, 6);
    const counts = new Int32Array(200);
    drawResample(new Random(4), counts);
    const rl: number[] = [];
    const rs: number[] = [];
    counts.forEach((c, i) => {
      for (let k = 0; k < c; k++) rl.push(labels[i]), rs.push(scores[i]);
    });
    const got = new RocResampler(labels, scores, options).statsByRow(counts);
    assert.ok(Math.abs(got[0] - rocAuc(rl, rs)) < 1e-12);
    assert.ok(Math.abs(got[1] - accuracy(rl, rs, 5)) < 1e-12);
    const curve = rocCurve(rl, rs);
    assert.ok(Math.abs(got[2] - (backgroundRejection(curve, 0.3).value ?? Infinity)) < 1e-9);
    assert.ok(Math.abs(got[4] - (backgroundRejectionInterpolated(curve, 0.3).value ?? Infinity)) < 1e-9);
  });
});

describe("paired bootstrap", () => {
  it("gives 1/2 for two identical submissions", () => {
    const { labels, scores } = sample(100, 2, 50);
    const r = new RocResampler(labels, scores, { rejectionAt: [], signalEfficiencyAt: [] });
    const auc = (c: Int32Array) => r.statsByRow(c)[0];
    const p = pairedBootstrap(100, auc, auc, { resamples: 100, seed: 1 });
    assert.equal(p.probabilityABetter, 0.5);
    assert.equal(p.difference.low, 0);
  });

  it("is near 1 when A clearly beats B, and near 0 the other way round", () => {
    const { labels } = sample(400, 3, 10);
    const random = new Random(8);
    const scores = Float64Array.from(labels, (y) => y + random.below(1000) / 1000); // AUC ≈ 1
    const noisy = Float64Array.from(labels, (y) => y + random.below(1000) / 200); // AUC ≈ 0.6
    const a = new RocResampler(labels, scores, { rejectionAt: [], signalEfficiencyAt: [] });
    const b = new RocResampler(labels, noisy, { rejectionAt: [], signalEfficiencyAt: [] });
    const aucA = (c: Int32Array) => a.statsByRow(c)[0];
    const aucB = (c: Int32Array) => b.statsByRow(c)[0];
    assert.ok(pairedBootstrap(400, aucA, aucB, { resamples: 200, seed: 1 }).probabilityABetter > 0.95);
    assert.ok(pairedBootstrap(400, aucB, aucA, { resamples: 200, seed: 1 }).probabilityABetter < 0.05);
    // Lower is better: the verdict flips.
    assert.ok(
      pairedBootstrap(400, aucA, aucB, { resamples: 200, seed: 1, higherIsBetter: false }).probabilityABetter < 0.05,
    );
  });
});
