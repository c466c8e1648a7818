import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { trackmlHitWeights, weightOrder, weightPt } from "../src/metrics/trackml-weights.ts";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe("official TrackML truth weights", () => {
  it("w_pT goes through (0.05, 0.2), (0.5, 0.2), (3, 1): 0 below 0.05 GeV, 1 above 3 GeV", () => {
    assert.equal(weightPt(0.04), 0);
    close(weightPt(0.05), 0.2);
    close(weightPt(0.3), 0.2);
    close(weightPt(0.5), 0.2);
    close(weightPt(1.75), 0.6);
    close(weightPt(3), 1);
    assert.equal(weightPt(50), 1);
  });

  it("w_order is the [10,8,6,5,3,3,3,5,6] profile for 9 hits, normalised to sum 1", () => {
    const w = Array.from({ length: 9 }, (_, i) => weightOrder(i, 9));
    w.forEach((x, i) => close(x, [10, 8, 6, 5, 3, 3, 3, 5, 6][i] / 49));
  });

  it("w_order stretches the profile linearly over other hit counts and sums to 1 per particle", () => {
    // 5 hits sit at profile positions 0, 2, 4, 6, 8: 10, 6, 3, 3, 6.
    [10, 6, 3, 3, 6].forEach((x, i) => close(weightOrder(i, 5), x / 28));
    for (const n of [4, 7, 12, 20])
      close(
        Array.from({ length: n }, (_, i) => weightOrder(i, n)).reduce((a, b) => a + b),
        1,
      );
  });

  it("gives 0 to particles with fewer than 4 hits and beyond the 20th hit", () => {
    assert.equal(weightOrder(0, 3), 0);
    assert.equal(weightOrder(20, 25), 0);
    close(weightOrder(3, 25), weightOrder(3, 20));
  });

  it("orders hits by |tz − vz|, zeroes noise and short particles, and normalises the event to 1", () => {
    const hits = [
      { particleId: 1n, tz: 40 }, // order 3 of particle 1 (vz = 10)
      { particleId: 1n, tz: 10 }, // order 0
      { particleId: 1n, tz: 30 }, // order 2
      { particleId: 1n, tz: -5 }, // order 1 (|−15|)
      { particleId: 0n, tz: 0 }, // noise
      { particleId: 2n, tz: 1 }, // 2 hits: weight 0
      { particleId: 2n, tz: 2 },
    ];
    const w = trackmlHitWeights(hits, [
      { particleId: 1n, vz: 10, px: 3, py: 4 }, // pT 5 → 1
      { particleId: 2n, vz: 0, px: 1, py: 0 },
    ]);
    const raw = [0, 1, 2, 3].map((i) => weightOrder(i, 4));
    const total = raw.reduce((a, b) => a + b);
    close(w[1], raw[0] / total);
    close(w[3], raw[1] / total);
    close(w[2], raw[2] / total);
    close(w[0], raw[3] / total);
    assert.deepEqual([w[4], w[5], w[6]], [0, 0, 0]);
    close(
      w.reduce((a, b) => a + b),
      1,
    );
  });
});
