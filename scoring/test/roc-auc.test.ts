import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rocAuc } from "../src/metrics/roc-auc.ts";

/** O(n²) oracle straight from the definition: pairs won plus half the ties. */
function bruteForceAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j]) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe("rocAuc", () => {
  it("counts a tied signal/background pair as half a win (hand-worked)", () => {
    // Pairs: (0.8>0.1) win, (0.8>0.4) win, (0.4=0.4) half, (0.4>0.1) win → 3.5/4.
    assert.equal(rocAuc([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1]), 3.5 / 4);
  });

  it("is 1 for perfect separation and 0 for perfectly inverted scores", () => {
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
    assert.equal(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]), 0);
  });

  it("is exactly 0.5 when every score is the same", () => {
    assert.equal(rocAuc([0, 1, 0, 1, 1], [3, 3, 3, 3, 3]), 0.5);
  });

  it("matches the O(n²) brute force on random inputs with heavy ties", () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rand() * 60);
      const labels = Array.from({ length: n }, (_, i) => (i < 1 ? 1 : i < 2 ? 0 : rand() < 0.4 ? 1 : 0));
      const scores = Array.from({ length: n }, () => Math.floor(rand() * 5) / 4);
      assert.ok(Math.abs(rocAuc(labels, scores) - bruteForceAuc(labels, scores)) < 1e-15, `trial ${trial}`);
    }
  });

  it("is invariant under a strictly increasing transform of the scores", () => {
    const rand = lcg(11);
    const labels = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const scores = labels.map((y) => rand() + 0.3 * y);
    assert.equal(
      rocAuc(
        labels,
        scores.map((s) => Math.exp(3 * s) - 7),
      ),
      rocAuc(labels, scores),
    );
  });

  it("gives AUC(−s) = 1 − AUC(s)", () => {
    const rand = lcg(3);
    const labels = Array.from({ length: 300 }, () => (rand() < 0.5 ? 1 : 0));
    const scores = labels.map((y) => Math.round((rand() + 0.2 * y) * 20));
    assert.ok(
      Math.abs(
        rocAuc(
          labels,
          scores.map((s) => -s),
        ) -
          (1 - rocAuc(labels, scores)),
      ) < 1e-15,
    );
  });

  it("is close to 0.5 for random scores", () => {
    const rand = lcg(5);
    const labels = Array.from({ length: 20000 }, () => (rand() < 0.5 ? 1 : 0));
    const scores = labels.map(() => rand());
    assert.ok(Math.abs(rocAuc(labels, scores) - 0.5) < 0.02);
  });

  it("refuses a truth with a single class", () => {
    assert.throws(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3]), /single class/);
  });
});
