// The configurable regression scorer against numpy: RMSE, MAE, and the bias
// (median) and resolution (IQR / 1.349) of the relative residual, overall and
// in bins of a truth column, with np.percentile's default interpolation.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { InputError } from "../src/parse/input-error.ts";
import { describe, it } from "node:test";
import { readRegressionTruth, scoreRegression } from "../src/challenges/regression.ts";
import { parseRegressionConfig, regressionMetricKeys } from "../src/challenges/regression-config.ts";
import { Random } from "../src/random.ts";

const r = new Random(23);
const u = () => r.nextUint32() / 2 ** 32;
const N = 3001;
const targets = Float64Array.from({ length: N }, () => 10 + 490 * u());
const eta = Float64Array.from({ length: N }, () => -2.5 + 5 * u());
const predictions = Float64Array.from(targets, (t) => t * (1 + 0.1 * (u() + u() + u() - 1.5)) + 2);

describe("regression, configured", () => {
  it("gives numpy's RMSE, MAE, median and IQR / 1.349 of the relative residual, overall and per bin", () => {
    const config = parseRegressionConfig({ truth: { bin: "eta" }, bins: [-2.5, -1, 1, 2.5] });
    assert.deepEqual(regressionMetricKeys(config), [
      "rmse",
      "mae",
      "bias",
      "resolution",
      "biasBin1",
      "resolutionBin1",
      "biasBin2",
      "resolutionBin2",
      "biasBin3",
      "resolutionBin3",
    ]);
    const got = scoreRegression({ ids: targets.map((_, i) => i), targets, binValues: eta }, predictions, config);
    const py = JSON.parse(
      execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          `import json, sys, numpy as np
d = json.load(sys.stdin); t = np.array(d["t"]); p = np.array(d["p"]); e = np.array(d["e"])
def fig(t, p):
    r = (p - t) / t
    q25, q50, q75 = np.percentile(r, [25, 50, 75])
    return {"rmse": float(np.sqrt(np.mean((p - t) ** 2))), "mae": float(np.mean(np.abs(p - t))), "bias": float(q50), "resolution": float((q75 - q25) / 1.349)}
edges = [-2.5, -1, 1, 2.5]
out = fig(t, p)
for k in range(3):
    m = (e >= edges[k]) & (e < edges[k + 1])
    f = fig(t[m], p[m]); out[f"biasBin{k+1}"] = f["bias"]; out[f"resolutionBin{k+1}"] = f["resolution"]
print(json.dumps(out))`,
        ],
        {
          input: JSON.stringify({ t: Array.from(targets), p: Array.from(predictions), e: Array.from(eta) }),
          encoding: "utf8",
        },
      ),
    ) as Record<string, number>;
    for (const [key, value] of Object.entries(py))
      assert.ok(
        Math.abs((got[key] as number) - value) <= 1e-12 * Math.max(1, Math.abs(value)),
        `${key}: ${got[key]} against ${value}`,
      );
  });

  it("refuses settings it cannot honour, and a truth whose target is zero, by name", async () => {
    assert.throws(() => parseRegressionConfig({ bins: [0, 1] }), /truth\.bin and bins go together/);
    assert.throws(
      () => parseRegressionConfig({ truth: { bin: "eta" }, bins: [1, 0] }),
      /bins: the edges must increase/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "unblind-regression-"));
    const file = path.join(dir, "truth.csv");
    writeFileSync(file, "id,energy\n0,10.5\n1,0\n");
    await assert.rejects(
      readRegressionTruth(file, parseRegressionConfig({ truth: { target: "energy" } })),
      (e: InputError) =>
        /energy is 0: a relative residual needs a non-zero target/.test(e.message) && e.line === 3 && e.column === 2,
    );
  });
});
