// The HiggsML AMS against the challenge's own formula written out here in
// Python (numpy), on weighted events with ties, and the optimised selection
// against a brute-force scan.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { ams, amsAtCut, amsOptimised } from "../src/metrics/ams.ts";
import { Random } from "../src/random.ts";

describe("AMS (HiggsML, b_r = 10)", () => {
  it("is the challenge's formula", () => {
    // The HiggsML starting kit's AMS(s, b): sqrt(2*((s+b+br)*log(1+s/(b+br))-s)).
    const reference = (s: number, b: number) => Math.sqrt(2 * ((s + b + 10) * Math.log(1 + s / (b + 10)) - s));
    for (const [s, b] of [
      [0, 0],
      [1, 0],
      [100, 1000],
      [3.5, 0.25],
      [691.988, 410999.8],
    ])
      assert.equal(ams(s, b), reference(s, b), `${s}, ${b}`);
    assert.equal(ams(0, 1000), 0);
  });

  it("selects score > cut, and optimises the cut as a scan over every threshold does (numpy)", () => {
    const r = new Random(5);
    const u = () => r.nextUint32() / 2 ** 32;
    const n = 2000;
    const labels = Uint8Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0));
    const scores = Float64Array.from(labels, (y) => Math.round((u() + 0.4 * y) * 50) / 50); // ties
    const weights = Float64Array.from(labels, (y) => (y ? 0.002 + u() * 0.001 : 0.5 + u() * 2));
    const py = JSON.parse(
      execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          `import json, sys, numpy as np
d = json.load(sys.stdin); y = np.array(d["y"]); s = np.array(d["s"]); w = np.array(d["w"])
def ams(sig, bkg, br=10.0): return float(np.sqrt(2*((sig+bkg+br)*np.log(1+sig/(bkg+br))-sig)))
cut = ams(w[(s > 0.5) & (y == 1)].sum(), w[(s > 0.5) & (y == 0)].sum())
best = max(ams(w[(s >= t) & (y == 1)].sum(), w[(s >= t) & (y == 0)].sum()) for t in np.unique(s))
print(json.dumps({"cut": cut, "best": best}))`,
        ],
        {
          input: JSON.stringify({ y: Array.from(labels), s: Array.from(scores), w: Array.from(weights) }),
          encoding: "utf8",
        },
      ),
    ) as { cut: number; best: number };
    assert.ok(Math.abs(amsAtCut(labels, scores, weights, 0.5).ams - py.cut) <= 1e-9 * py.cut);
    const opt = amsOptimised(labels, scores, weights);
    assert.ok(Math.abs(opt.ams - py.best) <= 1e-9 * py.best, `${opt.ams} against ${py.best}`);
    assert.ok(Math.abs(amsAtCut(labels, scores, weights, opt.threshold - 1e-9).ams - opt.ams) <= 1e-9 * opt.ams);
  });
});
