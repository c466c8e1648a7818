import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { readLhcoLabels, scoreLhco } from "../src/challenges/lhco.ts";
import { scoreBlackBoxAnswer } from "../src/metrics/black-box-answer.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-lhco-"));

describe("LHC Olympics anomaly scores", () => {
  it("reads one 0/1/2 label per line, nonzero meaning signal", async () => {
    const file = path.join(dir, "key.txt");
    writeFileSync(file, "0\n1\n2\n0\n\n");
    assert.deepEqual([...(await readLhcoLabels(file))], [0, 1, 1, 0]);
  });
  it("refuses any other label at its line", async () => {
    const file = path.join(dir, "bad.txt");
    writeFileSync(file, "0\n1\n3\n");
    await assert.rejects(
      readLhcoLabels(file),
      (e: Error & { line?: number }) => e.line === 3 && /expected 0, 1 or 2/.test(e.message),
    );
  });
  it("reports AUC, εS at εB = 1e-2, 1e-3, 1e-4 and the maximum significance improvement", () => {
    // 1000 background at scores 0..999, 10 signal above them all but one at 500.
    const labels = new Uint8Array(1010);
    const scores = new Float64Array(1010);
    for (let i = 0; i < 1000; i++) scores[i] = i;
    for (let i = 1000; i < 1010; i++) {
      labels[i] = 1;
      scores[i] = i === 1009 ? 500 : 2000 + i;
    }
    const r = scoreLhco(labels, scores);
    assert.ok(Math.abs(r.auc! - (9 + 0.5005) / 10) < 1e-12); // the 500 signal beats 500 background and ties one
    assert.equal(r["sigEffAt1e-2"], 0.9); // 10 background allowed: the 9 high signals pass, then background
    assert.equal(r["sigEffAt1e-3"], 0.9); // one background allowed
    // 10⁻⁴ needs 10,000 background events: with 1000 it is not measured (null, with the reason), not 0.9.
    assert.equal(r["sigEffAt1e-4"], null);
    assert.match(r.reasons!["sigEffAt1e-4"], /needs at least 10000 background events, the test set has 1000/);
    assert.ok(Math.abs(r.maxSI! - 0.9 / Math.sqrt(1 / 1000)) < 1e-9); // at the first background event
  });
});

describe("black-box answers", () => {
  it("gives the pull (answer − truth)/σ and whether the truth is within 1σ and 2σ", () => {
    const v = scoreBlackBoxAnswer(
      {
        quantities: {
          resonanceMass: { value: 3800, sigma: 100 },
          nSignal: { value: 700, sigma: 150 },
          daughterMassA: { value: 100, sigma: 10 },
        },
        pValue: 1e-5,
      },
      { resonanceMass: 3823, nSignal: 834 },
    );
    assert.ok(Math.abs(v.quantities.resonanceMass.pull! + 0.23) < 1e-12);
    assert.equal(v.quantities.resonanceMass.within1Sigma, true);
    assert.ok(Math.abs(v.quantities.nSignal.pull! + 134 / 150) < 1e-12);
    assert.equal(v.quantities.daughterMassA.pull, null); // not in the key: unscored
    assert.equal(v.pValue, 1e-5);
  });
  it("marks truth outside 2σ and refuses a non-positive uncertainty", () => {
    const v = scoreBlackBoxAnswer({ quantities: { m: { value: 10, sigma: 1 } } }, { m: 13 });
    assert.deepEqual([v.quantities.m.within1Sigma, v.quantities.m.within2Sigma], [false, false]);
    assert.throws(() => scoreBlackBoxAnswer({ quantities: { m: { value: 1, sigma: 0 } } }, { m: 1 }), /uncertainty/);
  });

  it("scores a background-only box: every ROC metric null with the reason, never an internal error", () => {
    const labels = new Uint8Array(900);
    const scores = Float64Array.from(labels, (_, i) => i % 7);
    const r = scoreLhco(labels, scores, { boot: { resamples: 20, seed: 1 }, replicates: { resamples: 20, seed: 1 } });
    assert.deepEqual(
      [r.auc, r["sigEffAt1e-2"], r["sigEffAt1e-3"], r["sigEffAt1e-4"], r.maxSI],
      [null, null, null, null, null],
    );
    assert.match(r.reasons!.auc, /no signal/);
    assert.equal(r.nSignal, 0);
  });

  describe("black-box claims", () => {
    const key = { resonanceMass: 3800, daughterMass1: 500, daughterMass2: 100, nSignal: 900 };
    const signal = {
      resonanceMass: { value: 3750, sigma: 100 },
      daughterMass1: { value: 480, sigma: 30 },
      daughterMass2: { value: 110, sigma: 20 },
      nSignal: { value: 800, sigma: 300 },
    };
    it("judges the p-value claim against the truth, stating the threshold", () => {
      const found = scoreBlackBoxAnswer({ quantities: signal, pValue: 1e-5 }, key);
      assert.deepEqual(found.claim, {
        signalClaimed: true,
        signalPresent: true,
        outcome: "true discovery",
        pValueThreshold: 1.35e-3,
      });
      const background = { nSignal: 0 }; // a background-only box: no masses in its key
      const falseDiscovery = scoreBlackBoxAnswer({ quantities: signal, pValue: 1e-6 }, background);
      assert.equal(falseDiscovery.claim?.outcome, "false discovery");
      assert.equal(falseDiscovery.quantities.resonanceMass.pull, null, "no true mass to pull against");
      const missed = scoreBlackBoxAnswer({ quantities: signal, pValue: 0.2 }, key);
      assert.equal(missed.claim?.outcome, "missed signal");
      assert.equal(
        scoreBlackBoxAnswer({ quantities: signal, pValue: 1e-3 }, key, { pValueThreshold: 1e-4 }).claim?.outcome,
        "missed signal",
      );
    });
    it("judges an answer that claims no signal as such, whatever its p-value", () => {
      const none = { nSignal: { value: 0, sigma: 50 } };
      assert.equal(
        scoreBlackBoxAnswer({ quantities: none, pValue: 1e-9 }, { nSignal: 0 }).claim?.outcome,
        "correct null",
      );
      assert.equal(scoreBlackBoxAnswer({ quantities: none, pValue: 0.5 }, key).claim?.outcome, "missed signal");
    });
    it("matches the daughters to the truth in either order", () => {
      const swapped = {
        ...signal,
        daughterMass1: { value: 110, sigma: 20 },
        daughterMass2: { value: 480, sigma: 30 },
      };
      const v = scoreBlackBoxAnswer({ quantities: swapped, pValue: 1e-5 }, key);
      assert.equal(v.daughters, "swapped");
      assert.ok(Math.abs(v.quantities.daughterMass1.pull! - (110 - 100) / 20) < 1e-12);
      assert.ok(Math.abs(v.quantities.daughterMass2.pull! - (480 - 500) / 30) < 1e-12);
      assert.equal(scoreBlackBoxAnswer({ quantities: signal, pValue: 1e-5 }, key).daughters, "as given");
      const one = scoreBlackBoxAnswer({ quantities: { daughterMass1: { value: 95, sigma: 10 } }, pValue: 1e-5 }, key);
      assert.equal(one.quantities.daughterMass1.truth, 100, "one daughter is matched to the nearer true one");
    });
  });
});
