import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../src/random.ts";

function moments(mean: number, n: number, seed: number) {
  const counts = new Int32Array(n);
  const ends = new Int32Array(n);
  const total = new Random(seed).fillPoisson(counts, new Int32Array(n).fill(mean), ends);
  let sum = 0;
  let sumSq = 0;
  let zeros = 0;
  for (const c of counts) (sum += c), (sumSq += c * c), (zeros += c === 0 ? 1 : 0);
  const m = sum / n;
  return { total, sum, last: ends[n - 1], mean: m, variance: sumSq / n - m * m, zeros: zeros / n };
}

describe("Poisson draws", () => {
  it("have mean and variance equal to the mean, by table, inversion and PTRS alike", () => {
    for (const mean of [1, 2, 7, 29, 30, 300, 100_000]) {
      const n = 40_000;
      const r = moments(mean, n, mean);
      const se = Math.sqrt(mean / n);
      assert.ok(Math.abs(r.mean - mean) < 5 * se, `mean ${mean}: ${r.mean}`);
      assert.ok(Math.abs(r.variance / mean - 1) < 0.05, `mean ${mean}: variance ${r.variance}`);
    }
  });

  it("give P(X = 0) = e^−mean", () => {
    for (const mean of [1, 2, 4]) {
      const r = moments(mean, 200_000, 11);
      assert.ok(Math.abs(r.zeros - Math.exp(-mean)) < 0.004, `mean ${mean}: ${r.zeros}`);
    }
  });

  it("return their total and its running sums", () => {
    const r = moments(3, 1000, 5);
    assert.equal(r.total, r.sum);
    assert.equal(r.last, r.sum);
  });

  it("draw zero for a mean of zero", () => {
    assert.equal(moments(0, 1000, 1).sum, 0);
  });
});
