// The fast-inference track end to end on real PostgreSQL and s3rver, with the
// scorer in its bubblewrap sandbox running onnxruntime: a model within the
// FPGA budget is ranked, one over it is shown but not ranked, a synthesis
// report is shown next to the estimate, and a broken model ends INVALID.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fpgaJetTagging } from "@unblind/challenges/fpga-jet-tagging/definition.ts";

const FPGA_DEMO_CONFIG = fpgaJetTagging.scoringConfig as object;
import { fpgaJetBaseline } from "@unblind/challenges/fpga-jet-tagging/baseline.ts";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { evaluateModel, readJetTruth, scoreFpgaJetTagging } from "@unblind/scoring/challenges/fpga-jet-tagging.ts";
import { mlpOnnx } from "@unblind/scoring/fpga/build-mlp.ts";
import { parseFpgaConfig } from "@unblind/scoring/fpga/fpga-config.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { getLeaderboardPlots } from "@unblind/platform/leaderboard/get-leaderboard-plots.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { setFpgaBudget } from "@unblind/platform/challenges/fpga-budget-settings.ts";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { refused, startServices, streamOf, TEST_SEED, type Services } from "./services.ts";

let services: Services;
let dataDir: string;
before(async () => {
  services = await startServices();
  // The same generator and seed the demo was published with: the test jets the scorer holds.
  dataDir = mkdtempSync(path.join(tmpdir(), "unblind-fpga-it-"));
  await fpgaJetTagging.generateDemoData!(dataDir, { seed: TEST_SEED });
});
after(() => services.stop());

async function submitAndScore(email: string, fileName: string, body: Buffer) {
  const caller = await services.callerFor(email);
  const { id } = await createSubmission(services.platform, caller, {
    challengeSlug: "fpga-jet-tagging",
    fileName,
    body: streamOf(body),
  });
  await scoreSubmission(services.scorer, id);
  return { id, caller, submission: await getSubmission(services.platform, caller, id) };
}

describe("the FPGA track", () => {
  it("scores models in the sandbox, ranks those within budget, shows the others on the Pareto plot", async () => {
    const chunks: Buffer[] = [];
    await fpgaJetBaseline(path.join(dataDir, "train.csv"), (c) => chunks.push(Buffer.from(c)));
    const baseline = Buffer.concat(chunks);
    const alice = await submitAndScore("alice@unblind.dev", "baseline.tar.gz", baseline);
    assert.equal(alice.submission.status, "SCORED", alice.submission.errorMessage ?? "");
    const scores = alice.submission.scores as unknown as ReturnType<typeof scoreFpgaJetTagging>;

    // The sandboxed scorer agrees with the same model evaluated in this process.
    const file = path.join(dataDir, "baseline.tar.gz");
    writeFileSync(file, baseline);
    const config = parseFpgaConfig(FPGA_DEMO_CONFIG);
    const truth = await readJetTruth(path.join(dataDir, "test_truth.csv"));
    const local = scoreFpgaJetTagging(truth.labels, await evaluateModel(file, truth, config), undefined, config);
    for (const key of [
      "accuracy",
      "accuracyFloat",
      "aucMean",
      "dspPercent",
      "lutPercent",
      "latencyNs",
      "figureOfMerit",
    ] as const)
      assert.equal(scores[key], local[key], key);
    assert.equal(scores.withinBudget, true);
    assert.ok(scores.accuracy > 0.6 && scores.accuracy < 0.8, `accuracy ${scores.accuracy}`);

    // Bob: a wide network over the 20 % DSP budget, with his synthesis report.
    const report = readFileSync(path.join(import.meta.dirname, "../../scoring/test/fixtures/myproject_csynth.xml"));
    const wide = mlpOnnx([
      {
        name: "fc1",
        nIn: 16,
        nOut: 128,
        weights: Array.from({ length: 16 * 128 }, (_, i) => Math.sin(i) * 0.9),
        bias: new Array(128).fill(0),
        activation: "Relu",
      },
      {
        name: "fc2",
        nIn: 128,
        nOut: 5,
        weights: Array.from({ length: 640 }, (_, i) => Math.cos(i) * 0.9),
        bias: new Array(5).fill(0),
      },
    ]);
    const bob = await submitAndScore(
      "bob@unblind.dev",
      "wide.tar.gz",
      tarGz({ "model.onnx": wide, "manifest.json": "{}", "myproject_csynth.xml": report }),
    );
    assert.equal(bob.submission.status, "SCORED", bob.submission.errorMessage ?? "");
    const bobScores = bob.submission.scores as unknown as ReturnType<typeof scoreFpgaJetTagging>;
    assert.equal(bobScores.withinBudget, false);
    assert.match(bobScores.fpga.violations.join(), /^DSP \d+(\.\d+)? % > 20 %$/);
    assert.equal(bobScores.fpga.reported?.dsp, 1826);
    assert.equal(bobScores.fpga.reported?.selfReported, true);

    // Ranked: Alice only. Bob is on the Pareto plot, marked over budget.
    const board = await getLeaderboard(services.platform, null, "fpga-jet-tagging");
    assert.deepEqual(
      board.rows.map((r) => r.participant),
      ["Alice Participant"],
    );
    assert.equal("fpga" in board.rows[0].scores, false, "the board carries the metrics, not the per-layer detail");
    const plots = await getLeaderboardPlots(services.platform, null, "fpga-jet-tagging", {});
    assert.deepEqual(plots.pareto.map((p) => [p.participant, p.withinBudget]).sort(), [
      ["Alice Participant", true],
      ["Bob Participant", false],
    ]);
    const alicePoint = plots.pareto.find((p) => p.participant === "Alice Participant")!;
    assert.equal(alicePoint.accuracy, scores.accuracy);
    assert.equal(alicePoint.dspPercent, scores.dspPercent);
    // Bob's wider model uses more DSPs; whether it is on the front depends on its accuracy.
    assert.ok(alicePoint.onDspFront);
  });

  it("ends a broken model INVALID with the located error, and the worker scores the next one", async () => {
    const broken = await submitAndScore(
      "bob@unblind.dev",
      "broken.onnx",
      Buffer.from(mlpOnnx([{ name: "fc1", nIn: 16, nOut: 5, weights: new Array(80).fill(0.1) }]).subarray(0, 300)),
    );
    assert.equal(broken.submission.status, "INVALID");
    assert.match(broken.submission.errorMessage ?? "", /^model\.onnx: malformed ONNX at byte \d+/);
    const conv = await submitAndScore(
      "bob@unblind.dev",
      "wrong-size.onnx",
      Buffer.from(mlpOnnx([{ name: "fc1", nIn: 16, nOut: 3, weights: new Array(48).fill(0.1) }])),
    );
    assert.equal(conv.submission.status, "INVALID");
    assert.match(conv.submission.errorMessage ?? "", /the model gives 3 outputs; this challenge needs 5/);
    const ok = await submitAndScore(
      "bob@unblind.dev",
      "small.onnx",
      Buffer.from(mlpOnnx([{ name: "fc1", nIn: 16, nOut: 5, weights: new Array(80).fill(0.01) }])),
    );
    assert.equal(ok.submission.status, "SCORED", ok.submission.errorMessage ?? "");
  });

  it("organizers change the budget, which re-scores: a model now over it leaves the ranking", async () => {
    const { platform } = services;
    const olivia = await services.callerFor("organizer@unblind.dev");
    const alice = await services.callerFor("alice@unblind.dev");
    await assert.rejects(
      setFpgaBudget(platform, alice, { slug: "fpga-jet-tagging", config: {} }),
      refused("FORBIDDEN"),
    );
    await assert.rejects(
      setFpgaBudget(platform, olivia, { slug: "fpga-jet-tagging", config: { constraints: { maxDspPercent: 150 } } }),
      refused("BAD_REQUEST", /constraints\.maxDspPercent must be at most 100/),
    );
    await assert.rejects(
      setFpgaBudget(platform, olivia, { slug: "top-tagging", config: {} }),
      refused("BAD_REQUEST", /not an FPGA challenge/),
    );
    const { rescored } = await setFpgaBudget(platform, olivia, {
      slug: "fpga-jet-tagging",
      config: { ...FPGA_DEMO_CONFIG, constraints: { maxDspPercent: 1.5 } },
    });
    assert.ok(rescored >= 2, `re-queued ${rescored}`);
    const queued = await platform.db.submission.findMany({
      where: { challenge: { slug: "fpga-jet-tagging" }, status: "QUEUED" },
      select: { id: true },
    });
    for (const { id } of queued) await scoreSubmission(services.scorer, id);
    const board = await getLeaderboard(platform, null, "fpga-jet-tagging");
    // Bob's tiny 16→5 model (80 DSPs, 1.2 %) stays under 1.5 % DSP; Alice's baseline (848, 12 %) does not.
    assert.deepEqual(
      board.rows.map((r) => r.participant),
      ["Bob Participant"],
    );
    const audit = await listAuditEvents(platform, olivia, { challengeSlug: "fpga-jet-tagging" });
    assert.ok(audit.some((e) => e.action === "challenge.fpga_budget_changed"));
  });
});
