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
    assert.throws(
      () => parseBinaryConfig({ truth: { weight: "Weight" } }),
      /truth\.weight: weights are used by the AMS only/,
    );
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
