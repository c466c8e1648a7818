// The configurable multi-class scorer against scikit-learn: one-vs-rest AUC
// per class and their macro mean, the argmax accuracy and the log-loss,
// unweighted and weighted; and its refusals, located.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { readMultiClassTruth, scoreMultiClass } from "../src/challenges/multi-class.ts";
import { multiClassMetricKeys, parseMultiClassConfig } from "../src/challenges/multi-class-config.ts";
import { runScorer } from "../src/run-scorer.ts";
import { Random } from "../src/random.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-multiclass-"));
const r = new Random(23);
const u = () => r.nextUint32() / 2 ** 32;
const N = 3000;
const classes = ["gluon", "quark", "top"];
const labels = Uint8Array.from({ length: N }, () => Math.floor(u() * 3));
// Probabilities on a grid (ties), one exactly 0 (clipped by the log-loss), rows not summing to 1.
const probabilities = classes.map((_, k) =>
  Float64Array.from(labels, (y) => Math.round((u() + (y === k ? 0.5 : 0)) * 50) / 75),
);
probabilities[0][0] = 0;
const weights = Float64Array.from(labels, () => 0.5 + u());

describe("multi-class classification, configured", () => {
  const config = parseMultiClassConfig({ classes });

  it("equals scikit-learn, unweighted and weighted", () => {
    for (const w of [undefined, weights]) {
      const got = scoreMultiClass({ labels, ...(w ? { weights: w } : {}) }, probabilities, config);
      const reference = JSON.parse(
        execFileSync(
          "/usr/bin/python3",
          [
            "-c",
            `import json, sys, numpy as np
from sklearn.metrics import roc_auc_score, accuracy_score, log_loss
d = json.load(sys.stdin); y = np.array(d["y"]); P = np.array(d["p"]).T; w = d["w"] and np.array(d["w"])
out = {"auc_%s" % c: roc_auc_score(y == k, P[:, k], sample_weight=w) for k, c in enumerate(d["classes"])}
out["aucMacro"] = float(np.mean([out["auc_%s" % c] for c in d["classes"]]))
out["accuracy"] = accuracy_score(y, P.argmax(axis=1), sample_weight=w)
out["logLoss"] = log_loss(y, P, sample_weight=w, labels=list(range(len(d["classes"]))))
print(json.dumps(out))`,
          ],
          {
            input: JSON.stringify({
              y: Array.from(labels),
              p: probabilities.map((p) => Array.from(p)),
              w: w ? Array.from(w) : null,
              classes,
            }),
            encoding: "utf8",
          },
        ),
      ) as Record<string, number>;
      for (const key of multiClassMetricKeys(config))
        assert.ok(
          Math.abs((got[key] as number) - reference[key]) <= 1e-12,
          `${key}${w ? " (weighted)" : ""}: ${got[key]} vs ${reference[key]}`,
        );
    }
  });

  it("reads a submission with one column per class, and refuses what is not a probability, located", async () => {
    const truth = path.join(dir, "truth.csv");
    writeFileSync(truth, "id,label\n10,0\n11,2\n12,1\n");
    assert.deepEqual(Array.from((await readMultiClassTruth(truth, config)).labels), [0, 2, 1]);
    const sub = path.join(dir, "sub.csv");
    writeFileSync(sub, "id,gluon,quark,top\n12,0.1,0.8,0.1\n10,0.7,0.2,0.1\n11,0.1,0.1,0.8\n");
    const scores = await runScorer("multi-class", truth, sub, { classes });
    assert.equal(scores.accuracy, 1);
    assert.equal(scores.aucMacro, 1);
    writeFileSync(sub, "id,gluon,quark,top\n12,0.1,0.8,0.1\n10,0.7,1.2,0.1\n11,0.1,0.1,0.8\n");
    await assert.rejects(
      runScorer("multi-class", truth, sub, { classes }),
      (e: Error & { line?: number; column?: number }) =>
        /quark must be a probability from 0 to 1, found 1\.2/.test(e.message) && e.line === 3 && e.column === 3,
    );
    writeFileSync(sub, "id,gluon,top,quark\n12,0.1,0.8,0.1\n");
    await assert.rejects(
      runScorer("multi-class", truth, sub, { classes }),
      (e: Error & { line?: number }) => e.line === 1,
    );
    writeFileSync(truth, "id,label\n10,0\n11,3\n");
    await assert.rejects(
      readMultiClassTruth(truth, config),
      (e: Error & { line?: number; column?: number }) =>
        /label must be a class index from 0 to 2, found 3/.test(e.message) && e.line === 3 && e.column === 2,
    );
    assert.throws(() => parseMultiClassConfig({ classes: ["a", "a"] }), /"a" appears twice/);
    assert.throws(() => parseMultiClassConfig({ classes: ["only"] }), /classes/);
  });
});
