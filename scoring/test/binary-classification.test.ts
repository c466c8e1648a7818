// The configurable binary-classification scorer: its keys follow the
// settings, each metric is the one the dedicated scorers compute (top
// tagging's rejection conventions, LHC Olympics' εS at εB and εS/√εB, tested
// there against numpy and scikit-learn), the AMS uses the weights, and the
// truth is read by the configured column names from CSV or pandas HDF5.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { readBinaryTruth, scoreBinary } from "../src/challenges/binary-classification.ts";
import { binaryMetricKeys, parseBinaryConfig } from "../src/challenges/binary-config.ts";
import { scoreLhco } from "../src/challenges/lhco.ts";
import { scoreTopTagging } from "../src/challenges/top-tagging.ts";
import { amsOptimised } from "../src/metrics/ams.ts";
import { Random } from "../src/random.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-binary-"));
const r = new Random(17);
const u = () => r.nextUint32() / 2 ** 32;
const N = 5000;
const labels = Uint8Array.from({ length: N }, () => (u() < 0.4 ? 1 : 0));
const scores = Float64Array.from(labels, (y) => Math.round((u() + 0.6 * y) * 200) / 200);
const weights = Float64Array.from(labels, (y) => (y ? 0.001 * (1 + u()) : 1 + 3 * u()));

describe("binary classification, configured", () => {
  it("produces the keys its settings name, and refuses settings it cannot honour", () => {
    assert.deepEqual(binaryMetricKeys(parseBinaryConfig({})), ["auc", "accuracy", "bgRejection30", "bgRejection50"]);
    assert.deepEqual(
      binaryMetricKeys(
        parseBinaryConfig({
          accuracyCut: null,
          rejectionAt: [0.3],
          conventions: ["threshold", "interpolated", "nearest"],
          signalEfficiencyAt: [1e-2, 1e-3],
          maxSignificance: true,
          ams: {},
        }),
      ),
      [
        "auc",
        "bgRejection30",
        "bgRejection30Interpolated",
        "bgRejection30Nearest",
        "sigEffAt1e-2",
        "sigEffAt1e-3",
        "maxSI",
        "ams",
        "amsThreshold",
      ],
    );
    assert.throws(() => parseBinaryConfig({ colour: 1 }), /Unrecognized key/);
    assert.throws(() => parseBinaryConfig({ rejectionAt: [1.5] }), /rejectionAt\.0: /);
  });

  it("gives the numbers of the top-tagging and LHC Olympics scorers, and the weighted AMS", () => {
    const config = parseBinaryConfig({
      rejectionAt: [0.3, 0.5],
      conventions: ["threshold", "interpolated", "nearest"],
      signalEfficiencyAt: [1e-2, 1e-3],
      maxSignificance: true,
    });
    const got = scoreBinary({ labels }, scores, config);
    const tt = scoreTopTagging(labels, scores);
    const lhco = scoreLhco(labels, scores);
    for (const key of [
      "auc",
      "accuracy",
      "bgRejection30",
      "bgRejection50",
      "bgRejection30Interpolated",
      "bgRejection50Interpolated",
      "bgRejection30Nearest",
      "bgRejection50Nearest",
    ])
      assert.equal(got[key], tt[key as keyof typeof tt], key);
    assert.equal(got["sigEffAt1e-2"], lhco["sigEffAt1e-2"]);
    assert.equal(got["sigEffAt1e-3"], lhco["sigEffAt1e-3"]);
    assert.equal(got.maxSI, lhco.maxSI);
    const higgs = scoreBinary(
      { labels, weights },
      scores,
      parseBinaryConfig({ truth: { weight: "Weight" }, rejectionAt: [], ams: {} }),
    );
    assert.equal(higgs.ams, amsOptimised(labels, scores, weights).ams);
    const boot = scoreBinary({ labels }, scores, config, { boot: { resamples: 50, seed: 1 } });
    assert.deepEqual(Object.keys(boot.ci as object).sort(), [
      "accuracy",
      "auc",
      "bgRejection30",
      "bgRejection30Interpolated",
      "bgRejection50",
      "bgRejection50Interpolated",
      "maxSI",
      "sigEffAt1e-2",
      "sigEffAt1e-3",
    ]);
  });

  it("weighs every metric by the truth's weights, as scikit-learn's sample_weight does", () => {
    // Negative weights too (sWeights), and ties: the scores are on a grid of 1/200.
    const w = Float64Array.from(weights, (x, i) => (i % 97 === 0 ? -0.3 * x : x));
    const config = parseBinaryConfig({
      truth: { weight: "Weight" },
      rejectionAt: [0.8, 0.9],
      conventions: ["threshold", "interpolated"],
      signalEfficiencyAt: [1e-2],
      maxSignificance: true,
      ks: true,
    });
    const got = scoreBinary({ labels, weights: w }, scores, config, {
      replicates: { resamples: 10, seed: 1 },
    });
    const reference = JSON.parse(
      execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          `import json, sys, numpy as np
from sklearn.metrics import roc_auc_score, roc_curve, accuracy_score
d = json.load(sys.stdin); y = np.array(d["y"]); s = np.array(d["s"]); w = np.array(d["w"])
fpr, tpr, thr = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
def rejection(e):
    k = np.argmax(tpr >= e)
    return 1 / fpr[k]
def interpolated(e):
    return 1 / np.interp(e, tpr, fpr)
ok = fpr <= 1e-2
print(json.dumps({
  "auc": roc_auc_score(y, s, sample_weight=w),
  "accuracy": accuracy_score(y, s > 0.5, sample_weight=w),
  "bgRejection80": rejection(0.8), "bgRejection90": rejection(0.9),
  "bgRejection80Interpolated": interpolated(0.8), "bgRejection90Interpolated": interpolated(0.9),
  "sigEffAt1e-2": tpr[ok].max(),
  "maxSI": np.max(np.where(fpr > 0, tpr / np.sqrt(np.where(fpr > 0, fpr, 1)), 0)),
  "ks": np.max(np.abs(fpr - tpr)),
}))`,
        ],
        { input: JSON.stringify({ y: Array.from(labels), s: Array.from(scores), w: Array.from(w) }), encoding: "utf8" },
      ),
    ) as Record<string, number>;
    for (const [key, value] of Object.entries(reference))
      assert.ok(
        Math.abs((got[key] as number) - value) <= 1e-12 * Math.max(1, Math.abs(value)),
        `${key}: ${got[key]} vs ${value}`,
      );
    // The resampler counts events: no intervals or replicates that would ignore the weights.
    assert.equal(got.replicates, undefined);
    // Unweighted, the trapezoid equals the Mann–Whitney AUC.
    const unweighted = scoreBinary({ labels, weights: new Float64Array(N).fill(1) }, scores, config);
    assert.ok(Math.abs((unweighted.auc as number) - (scoreBinary({ labels }, scores, config).auc as number)) < 1e-12);
  });

  it("reads the truth by the configured names, from CSV and from pandas HDF5", async () => {
    const config = parseBinaryConfig({
      truth: { id: "EventId", label: "Label", weight: "Weight" },
      rejectionAt: [],
      ams: {},
    });
    const csv = path.join(dir, "truth.csv");
    writeFileSync(
      csv,
      `EventId,Label,Weight\n${Array.from({ length: 20 }, (_, i) => `${100000 + i},${labels[i]},${weights[i]}`).join("\n")}\n`,
    );
    const fromCsv = await readBinaryTruth(csv, config);
    assert.deepEqual(Array.from(fromCsv.labels), Array.from(labels.subarray(0, 20)));
    assert.equal(fromCsv.ids[3], 100003);
    const h5 = path.join(dir, "truth.h5");
    execFileSync("/usr/bin/python3", [
      "-c",
      `import pandas as pd; pd.read_csv(${JSON.stringify(csv)}, float_precision="round_trip").to_hdf(${JSON.stringify(h5)}, key="table", format="table")`,
    ]);
    const fromH5 = await readBinaryTruth(h5, config);
    assert.deepEqual(Array.from(fromH5.weights!), Array.from(fromCsv.weights!));
    writeFileSync(csv, "EventId,Label,Weight\n1,2,0.5\n");
    await assert.rejects(readBinaryTruth(csv, config), /Label must be 0 or 1/);
  });

  it("scores from the command line with --config", () => {
    const truth = path.join(dir, "t.csv");
    const sub = path.join(dir, "s.csv");
    writeFileSync(truth, "EventId,Label\n7,1\n8,0\n9,1\n");
    writeFileSync(sub, "EventId,Prob\n9,0.8\n7,0.9\n8,0.1\n");
    const out = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.resolve(import.meta.dirname, "../src/cli.ts"),
        "--challenge",
        "binary-classification",
        "--truth",
        truth,
        "--submission",
        sub,
        "--config",
        JSON.stringify({ truth: { id: "EventId", label: "Label" }, submission: { id: "EventId", score: "Prob" } }),
      ],
      { encoding: "utf8" },
    );
    assert.equal(out.status, 0, out.stderr);
    const json = JSON.parse(out.stdout);
    assert.equal(json.auc, 1);
    assert.equal(json.accuracy, 1);
  });
});
