// The three conventions of 1/εB at fixed εS against the code they follow,
// run with Debian's numpy and scikit-learn on small and tied test sets, where
// they differ: `nearest` as the public taggers compute it (roc_curve with its
// defaults, the point nearest εS), `interpolated` as np.interp on the full
// ROC, and each identical to the last bit.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { backgroundRejection } from "../src/metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../src/metrics/background-rejection-interpolated.ts";
import { backgroundRejectionNearest } from "../src/metrics/background-rejection-nearest.ts";
import { rocCurve } from "../src/metrics/roc-curve.ts";
import { RocResampler } from "../src/metrics/roc-resample.ts";

interface Case {
  labels: number[];
  scores: number[];
}

/** Small, tied, lopsided test sets, reproducibly. */
function cases(): Case[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: Case[] = [
    // An 8-jet example: two ROC points sit at εS = 0.5, (0.5, 0.5) then (0.5, 0.75); np.interp takes the last.
    { labels: [1, 0, 0, 1, 0, 1, 1, 0], scores: [0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3] },
  ];
  for (let c = 0; c < 300; c++) {
    const n = 4 + Math.floor(next() * 120);
    const levels = 1 + Math.floor(next() * 12);
    const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : next() < 0.4 ? 1 : 0));
    const scores = labels.map((y) => Math.floor((next() + 0.3 * y) * levels) / levels);
    out.push({ labels, scores });
  }
  return out;
}

function reference(all: Case[], efficiencies: number[]) {
  const out = execFileSync(
    "/usr/bin/python3",
    [
      "-W",
      "ignore",
      "-c",
      `
import json, sys
import numpy as np
from sklearn.metrics import roc_curve
res = []
for c in json.load(sys.stdin):
    y, s = np.array(c["labels"]), np.array(c["scores"], dtype=float)
    fpr, tpr, _ = roc_curve(y, s)
    ffull, tfull, _ = roc_curve(y, s, drop_intermediate=False)
    row = {}
    for e in ${JSON.stringify(efficiencies)}:
        i = int(np.argmin(np.abs(tpr - e)))
        row[str(e)] = {"nearest": float(fpr[i]), "interp": float(np.interp(e, tfull, ffull))}
    res.append(row)
print(json.dumps(res))
`,
    ],
    { input: JSON.stringify(all), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out) as Record<string, { nearest: number; interp: number }>[];
}

describe("1/εB at fixed εS under each convention", () => {
  const all = cases();
  const efficiencies = [0.25, 0.3, 0.5]; // ascending, as the resampler takes them
  const expected = reference(all, efficiencies);

  it("nearest equals roc_curve (defaults) + argmin|tpr − εS|, to the last bit", () => {
    all.forEach((c, i) => {
      const curve = rocCurve(c.labels, c.scores);
      for (const e of efficiencies) {
        const ours = backgroundRejectionNearest(curve, e).backgroundEfficiency;
        assert.equal(ours, expected[i][String(e)].nearest, `case ${i}, εS = ${e}: ${JSON.stringify(c)}`);
      }
    });
  });

  it("interpolated equals np.interp(εS, tpr, fpr) on the full ROC, to the last bit, in the resampler too", () => {
    all.forEach((c, i) => {
      const curve = rocCurve(c.labels, c.scores);
      const resampler = new RocResampler(Uint8Array.from(c.labels), Float64Array.from(c.scores), {
        rejectionAt: efficiencies,
        signalEfficiencyAt: [],
      });
      const stats = resampler.statsByRow(new Int32Array(c.labels.length).fill(1));
      efficiencies.forEach((e, j) => {
        const want = expected[i][String(e)].interp;
        assert.equal(backgroundRejectionInterpolated(curve, e).backgroundEfficiency, want, `case ${i}, εS = ${e}`);
        assert.equal(stats[1 + efficiencies.length + j], want > 0 ? 1 / want : Infinity, `resampled, case ${i}`);
      });
    });
  });

  it("the three differ where the test set is small or tied, as documented", () => {
    const curve = rocCurve(all[0].labels, all[0].scores);
    assert.equal(
      backgroundRejectionInterpolated(curve, 0.5).value,
      4 / 3,
      "np.interp gives 1.333 on the 8-jet example",
    );
    assert.notEqual(backgroundRejection(curve, 0.5).value, backgroundRejectionInterpolated(curve, 0.5).value);
  });
});
