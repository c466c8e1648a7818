import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SCORER_NAMES } from "@unblind/scoring/run-scorer.ts";
import { parseScores, SCORERS, scorerEntry } from "../src/scorers/registry.ts";

describe("the scorer registry", () => {
  it("accepts a scorer's scores with the documented keys, null for a metric it could not compute", () => {
    const scores = {
      auc: 0.9,
      accuracy: 0.8,
      bgRejection30: 12.5,
      bgRejection50: null,
      bgRejection30Interpolated: 12.5,
      bgRejection50Interpolated: null,
      bgRejection30Nearest: 13,
      bgRejection50Nearest: null,
      unbounded: ["bgRejection50", "bgRejection50Nearest"],
      nJets: 600,
    };
    assert.deepEqual(parseScores("top-tagging", scores), { ok: true, scores });
  });

  it("says which key is missing or of the wrong type", () => {
    const result = parseScores("trackml", { score: "0.5", efficiency: 0.9, fakeRate: 0, duplicateRate: 0, nEvents: 3 });
    assert.equal(result.ok, false);
    assert.match((result as { problem: string }).problem, /score: .*number/);
    assert.match((result as { problem: string }).problem, /nTracks/);
  });

  it("knows every scorer of the scoring CLI, and refuses an unknown one by name", () => {
    // The registry and the scoring CLI (run-scorer.ts) name the same scorers, and the organizers' programs.
    assert.deepEqual(Object.keys(SCORERS).sort(), [...SCORER_NAMES, "program"].sort());
    assert.deepEqual(Object.keys(SCORERS).sort(), [
      "binary-classification",
      "fpga-jet-tagging",
      "lhco",
      "multi-class",
      "multi-task",
      "program",
      "regression",
      "top-tagging",
      "trackml",
    ]);
    assert.throws(() => scorerEntry("higgs-ml"), /no scorer "higgs-ml"/);
    assert.deepEqual(scorerEntry("fpga-jet-tagging").detailKeys, ["fpga"]);
  });
});
