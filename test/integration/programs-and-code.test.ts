// Organizer scoring programs and code submissions, end to end on real
// PostgreSQL and s3rver, in the real sandbox: a Python scoring program
// (scored, invalid with its location, failed with its stderr for organizers
// only, replaced and re-scored, every score naming the program's SHA-256);
// the TrackML throughput phase (the Python baseline run on hidden inputs,
// measured, scored, ranked by the throughput score); and a program that
// searches the whole sandbox for the bytes of the truth and finds nothing.
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Readable } from "node:stream";
import { createHash } from "node:crypto";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { getChallengeSettings } from "@unblind/platform/challenges/challenge-settings.ts";
import { publishFileVersion } from "@unblind/platform/datasets/publish-file-version.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { rescorePhase } from "@unblind/platform/submissions/rescore-phase.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { getSubmissionDetail } from "@unblind/platform/submissions/get-submission-detail.ts";
import { trackmlThroughput } from "@unblind/scoring/metrics/trackml-throughput.ts";
import { baselineModel } from "@unblind/challenges/trackml/write-dataset.ts";
import { onnxBaseline } from "@unblind/challenges/top-tagging/write-dataset.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { programBundleFiles, SCORE_PY } from "../fixtures/program-bundle.ts";
import { startServices, streamOf, type Services } from "./services.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? String(x) : x));
let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

function programBundle(dir: string): string {
  for (const [name, content] of Object.entries(programBundleFiles("energy-regression"))) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("an organizer's scoring program", () => {
  it("scores, refuses with a location, fails privately, and is replaced with a re-score", async () => {
    const { platform } = services;
    const created = await createChallengeFromBundle(platform, OPERATOR, {
      dir: programBundle(mkdtempSync(path.join(services.dataDir, "program-"))),
      organizerEmail: "organizer@unblind.dev",
    });
    assert.ok(created.created);
    const alice = await services.callerFor("alice@unblind.dev");
    const submit = async (csv: string) => {
      const s = await createSubmission(platform, alice, {
        challengeSlug: "energy-regression",
        fileName: "pred.csv",
        body: streamOf(csv),
      });
      await scoreSubmission(services.scorer, s.id);
      return getSubmission(platform, alice, s.id);
    };
    const program = await platform.db.datasetFile.findFirstOrThrow({
      where: { name: "score.py", dataset: { challenge: { slug: "energy-regression" } } },
      select: { sha256: true, datasetId: true, dataset: { select: { challengeId: true } } },
    });

    const good = await submit("id,yhat\n1,11\n2,19\n3,30\n4,42\n");
    assert.equal(good.status, "SCORED");
    // RMSE of residuals (1, -1, 0, 2): sqrt(6/4); MAE 1.
    assert.equal(good.scores?.rmse, Math.sqrt(6 / 4));
    assert.equal(good.scores?.mae, 1);
    assert.equal(good.scorerVersion, `program:${program.sha256}`);
    assert.equal(good.hasDetail, true);
    assert.match(await readAll(await getSubmissionDetail(platform, alice, good.id)), /<h1>Residuals<\/h1>/);
    // Not Bob's to read.
    const bob = await services.callerFor("bob@unblind.dev");
    await assert.rejects(getSubmissionDetail(platform, bob, good.id), /No such page/);

    const header = await submit("id,score\n1,1\n");
    assert.equal(header.status, "INVALID");
    assert.equal(header.errorLine, 1);
    assert.match(header.errorMessage ?? "", /pred\.csv \(line 1, column 1\): the header must be id,yhat/);
    const unknown = await submit("id,yhat\n1,1\n99,2\n");
    assert.equal(unknown.status, "INVALID");
    assert.match(unknown.errorMessage ?? "", /line 3, column 1\): unknown id 99/);

    const crash = await submit("id,yhat\nCRASH,1\n");
    assert.equal(crash.status, "FAILED");
    assert.match(crash.errorMessage ?? "", /scoring program failed/);
    assert.doesNotMatch(json(crash), /truth rows|RuntimeError/); // the stderr is the organizers'
    const organizer = await services.callerFor("organizer@unblind.dev");
    const asOrganizer = await getSubmission(platform, organizer, crash.id);
    assert.match(asOrganizer.organizerDetails?.internalError ?? "", /RuntimeError: the organizer's program has a bug/);

    // A new version of the program: audited, and a re-score scores with it and names it.
    const v2 = SCORE_PY(2);
    const key = `test/score-v2-${Date.now()}.py`;
    await platform.storage.putStream(key, streamOf(v2));
    const sha256 = createHash("sha256").update(v2).digest("hex");
    await platform.db.$transaction((tx) =>
      publishFileVersion(tx, {
        datasetId: program.datasetId,
        challengeId: program.dataset.challengeId,
        name: "score.py",
        key,
        size: Buffer.byteLength(v2),
        sha256,
        actorId: null,
      }),
    );
    const audit = await platform.db.auditEvent.findFirstOrThrow({
      where: { challengeId: program.dataset.challengeId, action: "file.published", subjectType: "DatasetFile" },
      orderBy: { at: "desc" },
      select: { data: true },
    });
    assert.deepEqual((audit.data as { replaced: { sha256: string } }).replaced.sha256, program.sha256);
    const phase = await platform.db.phase.findFirstOrThrow({
      where: { challengeId: program.dataset.challengeId },
      select: { id: true },
    });
    // The settings page offers the re-score: the four finished submissions were scored by the old version.
    const before = await getChallengeSettings(platform, organizer, "energy-regression");
    assert.deepEqual(before.scoringProgram, {
      name: "score.py",
      runtime: "python3",
      version: 2,
      sha256,
      scoredWithOther: 4,
    });
    await rescorePhase(platform, OPERATOR, { phaseId: phase.id });
    await scoreSubmission(services.scorer, good.id);
    const again = await getSubmission(platform, alice, good.id);
    assert.equal(again.status, "SCORED");
    assert.equal(again.scores?.rmse, 2 * Math.sqrt(6 / 4));
    assert.equal(again.scorerVersion, `program:${sha256}`);
    assert.equal(
      (await getChallengeSettings(platform, organizer, "energy-regression")).scoringProgram?.scoredWithOther,
      0,
    );
  });

  it("runs a Node scoring program too", async () => {
    const { platform } = services;
    const dir = programBundle(mkdtempSync(path.join(services.dataDir, "program-node-")));
    const yaml = readFileSync(path.join(dir, "challenge.yaml"), "utf8")
      .replace("slug: energy-regression", "slug: energy-node")
      .replace("program: score.py\n    runtime: python3", "program: score.mjs\n    runtime: node")
      .replace(
        "name: score.py\n        access: organizers\n        path: scoring/score.py",
        "name: score.mjs\n        access: organizers\n        path: scoring/score.mjs",
      );
    writeFileSync(path.join(dir, "challenge.yaml"), yaml);
    writeFileSync(
      path.join(dir, "scoring/score.mjs"),
      `import { readFileSync, writeFileSync } from "node:fs";
const [truthPath, submissionPath, out] = process.argv.slice(2);
const rows = (p) => readFileSync(p, "utf8").trim().split("\\n").slice(1).map((l) => l.split(","));
const truth = new Map(rows(truthPath).map(([i, y]) => [i, Number(y)]));
const pred = new Map(rows(submissionPath).map(([i, v]) => [i, Number(v)]));
const err = [...truth].map(([i, y]) => (pred.get(i) ?? 0) - y);
writeFileSync(out + "/scores.json", JSON.stringify({
  rmse: Math.sqrt(err.reduce((a, e) => a + e * e, 0) / err.length),
  mae: err.reduce((a, e) => a + Math.abs(e), 0) / err.length,
}));
`,
    );
    await createChallengeFromBundle(platform, OPERATOR, { dir, organizerEmail: "organizer@unblind.dev" });
    const alice = await services.callerFor("alice@unblind.dev");
    const s = await createSubmission(platform, alice, {
      challengeSlug: "energy-node",
      fileName: "pred.csv",
      body: streamOf("id,yhat\n1,11\n2,19\n3,30\n4,42\n"),
    });
    assert.equal(await scoreSubmission(services.scorer, s.id), "SCORED");
    const scored = await getSubmission(platform, alice, s.id);
    assert.equal(scored.scores?.rmse, Math.sqrt(6 / 4));
    assert.match(scored.scorerVersion ?? "", /^program:[0-9a-f]{64}$/);
  });

  it("is refused in a bundle when it is not at level organizers, a phase would split the board or an example would be dry-run", async () => {
    const dir = programBundle(mkdtempSync(path.join(services.dataDir, "program-bad-")));
    const yaml = readFileSync(path.join(dir, "challenge.yaml"), "utf8")
      .replace("name: score.py\n        access: organizers", "name: score.py\n        access: public")
      .replace("truth: truth.csv\n", "truth: truth.csv\n    leaderboard:\n      publicFraction: 0.5\n");
    writeFileSync(path.join(dir, "challenge.yaml"), `${yaml}example:\n  file: data/truth.csv\n`);
    await assert.rejects(createChallengeFromBundle(services.platform, OPERATOR, { dir }), (e: Error) => {
      assert.match(e.message, /score\.py must be at level organizers, not public/);
      assert.match(e.message, /its phases have one leaderboard/);
      assert.match(e.message, /a challenge scored by its own program has none/);
      return true;
    });
  });
});

describe("a code phase (the TrackML throughput phase)", () => {
  it("runs the Python baseline on the hidden inputs, measures it and ranks by the throughput score", async () => {
    const { platform } = services;
    const bob = await services.callerFor("bob@unblind.dev");
    const s = await createSubmission(platform, bob, {
      challengeSlug: "trackml",
      phase: "Throughput",
      fileName: "model.py",
      body: streamOf(baselineModel()),
    });
    assert.equal(await scoreSubmission(services.scorer, s.id), "SCORED");
    const scored = await getSubmission(platform, bob, s.id);
    assert.equal(scored.phase.name, "Throughput");
    const scores = scored.scores as Record<string, number>;
    const run = scored.run as { sample: { outcome: string; log: string }; hidden: Record<string, number | string> };
    assert.equal(run.sample.outcome, "ok");
    assert.equal(run.hidden.outcome, "ok");
    assert.equal(run.hidden.units, scores.nEvents);
    assert.ok(scores.wallSecondsPerUnit > 0 && scores.cpuSecondsPerUnit > 0 && scores.peakMemoryMB > 20);
    // The run report is stored as Prisma writes JSON (16 significant digits); the scores exactly.
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${a} ≠ ${b}`);
    close(scores.wallSecondsPerUnit, (run.hidden.wallSeconds as number) / scores.nEvents);
    assert.equal(scores.throughput, trackmlThroughput(scores.score, scores.wallSecondsPerUnit));
    // The participant never sees the hidden run's log.
    assert.equal(scored.organizerDetails, null);
    const board = await getLeaderboard(platform, bob, "trackml", { phase: "Throughput" });
    assert.equal(board.primaryMetric, "throughput");
    assert.equal(board.rows.find((e) => e.submissionId === s.id)?.scores.throughput, scores.throughput);
  });

  it("shows the truth nowhere in the ingestion sandbox, and a failure on hidden inputs only by its class", async () => {
    const { platform } = services;
    const truth = await platform.db.datasetFile.findFirstOrThrow({
      where: { name: "throughput_truth.csv.gz", dataset: { challenge: { slug: "trackml" } } },
      select: { key: true },
    });
    const raw = readFileSync(
      await (async () => {
        const f = path.join(services.dataDir, "truth-copy.gz");
        await platform.storage.downloadToFile(truth.key, f);
        return f;
      })(),
    );
    assert.ok(raw.length > 1000);
    // 48 bytes from the middle of the stored object, hex in the program's source: found only if the file is visible.
    const marker = raw.subarray(raw.length >> 1, (raw.length >> 1) + 48).toString("hex");
    const model = `import os, numpy as np
marker = bytes.fromhex("${marker}")
found, read = [], 0
for d, dirs, files in os.walk("/"):
    dirs[:] = [x for x in dirs if not (d == "/" and x in ("proc", "sys", "dev"))]
    for f in files:
        p = os.path.join(d, f)
        try:
            with open(p, "rb") as fh:
                read += 1
                if marker in fh.read(1 << 24): found.append(p)
        except OSError:
            pass
print("FOUND", found, "READ", read)
class Model:
    def predict(self, hits):
        if found: raise SystemExit("the truth is visible: " + repr(found))
        return np.zeros(len(hits), dtype=int)
`;
    const alice = await services.callerFor("alice@unblind.dev");
    const s = await createSubmission(platform, alice, {
      challengeSlug: "trackml",
      phase: "Throughput",
      fileName: "model.py",
      body: streamOf(model),
    });
    await scoreSubmission(services.scorer, s.id);
    const result = await getSubmission(platform, alice, s.id);
    const run = result.run as { sample: { log: string } };
    assert.match(run.sample.log, /FOUND \[\] READ \d{4,}/);
    assert.equal(result.status, "SCORED"); // every hit a track of its own: a valid, poor submission
    const organizer = await services.callerFor("organizer@unblind.dev");
    const asOrganizer = await getSubmission(platform, organizer, s.id);
    assert.match(asOrganizer.organizerDetails?.organizerLog ?? "", /FOUND \[\] READ \d{4,}/);

    // A program that fails only on the hidden inputs (the sample has one event, the hidden set three):
    // the participant learns the class, never the log or the reason.
    const picky = await createSubmission(platform, alice, {
      challengeSlug: "trackml",
      phase: "Throughput",
      fileName: "model.py",
      body: streamOf(
        "import numpy as np\nclass Model:\n    calls = 0\n    def predict(self, hits):\n        Model.calls += 1\n        if Model.calls == 3: raise ValueError('secret hidden row ' + str(hits.iloc[0].to_dict()))\n        return np.zeros(len(hits), dtype=int)\n",
      ),
    });
    await scoreSubmission(services.scorer, picky.id);
    const failed = await getSubmission(platform, alice, picky.id);
    assert.equal(failed.status, "FAILED");
    assert.match(
      failed.errorMessage ?? "",
      /ran on the sample inputs, but stopped with an exception on the hidden inputs/,
    );
    assert.doesNotMatch(json(failed), /secret hidden row/);
    const seen = await getSubmission(platform, organizer, picky.id);
    assert.match(seen.organizerDetails?.organizerLog ?? "", /ValueError: secret hidden row/);
  });

  it("runs an ONNX model and a Python model on hidden jets in a table phase (top tagging)", async () => {
    const { platform } = services;
    const bob = await services.callerFor("bob@unblind.dev");
    const onnx = await createSubmission(platform, bob, {
      challengeSlug: "top-tagging",
      phase: "Models",
      fileName: "baseline_model.onnx",
      body: streamOf(Buffer.from(onnxBaseline())),
    });
    assert.equal(await scoreSubmission(services.scorer, onnx.id), "SCORED");
    const scored = await getSubmission(platform, bob, onnx.id);
    const scores = scored.scores as Record<string, number>;
    assert.ok(scores.auc > 0.5, `AUC ${scores.auc}`);
    assert.ok(scores.wallSecondsPerUnit > 0 && scores.nJets > 0);
    assert.equal((scored.run as { hidden: { units: number } }).hidden.units, scores.nJets);

    const python = await createSubmission(platform, bob, {
      challengeSlug: "top-tagging",
      phase: "Models",
      fileName: "model.py",
      body: streamOf(
        "import numpy as np\nclass Model:\n    def predict(self, jets):\n        assert 'is_signal_new' not in jets and 'ttv' not in jets\n        return jets['E_1'].to_numpy() + jets['E_2'].to_numpy() - jets['E_0'].to_numpy()\n",
      ),
    });
    await scoreSubmission(services.scorer, python.id);
    const pyView = await getSubmission(platform, bob, python.id);
    assert.equal(pyView.status, "SCORED", `${pyView.errorMessage}\n${JSON.stringify(pyView.run)}`);
    const py = (await getSubmission(platform, bob, python.id)).scores as Record<string, number>;
    assert.equal(py.nJets, scores.nJets);

    // Garbage with a .onnx name: no usable program, shown with the reason from the public sample run, free.
    const garbage = await createSubmission(platform, bob, {
      challengeSlug: "top-tagging",
      phase: "Models",
      fileName: "model.onnx",
      body: streamOf("not a model"),
    });
    await scoreSubmission(services.scorer, garbage.id);
    const refused = await getSubmission(platform, bob, garbage.id);
    assert.equal(refused.status, "INVALID");
    assert.match(
      refused.errorMessage ?? "",
      /is not a program the platform can run on the sample inputs: onnxruntime cannot load the model/,
    );
    // The sandboxes started ahead (the hidden run's, the scorer's) were stopped unstarted, none left waiting.
    const waiting = spawnSync("pgrep", ["-f", "--", "--wait-for-start"], { encoding: "utf8" });
    assert.equal(waiting.stdout.trim(), "", "a sandbox started ahead is still waiting");
  });
});
