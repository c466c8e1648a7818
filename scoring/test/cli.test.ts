import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-cli-"));
const cli = path.resolve(import.meta.dirname, "../src/cli.ts");
const truth = path.join(dir, "truth.csv");
writeFileSync(truth, "id,is_signal\n0,1\n1,0\n2,1\n3,0\n");

function score(submission: string, ...extra: string[]) {
  const file = path.join(dir, `s${Math.random()}.csv`);
  writeFileSync(file, submission);
  return spawnSync(
    process.execPath,
    ["--import", "tsx", cli, "--challenge", "top-tagging", "--truth", truth, "--submission", file, ...extra],
    { encoding: "utf8" },
  );
}

describe("the scoring CLI", () => {
  it("--wait-for-start scores once the line start arrives, and exits 1 without reading anything if stdin closes first", () => {
    const file = path.join(dir, "waited.csv");
    writeFileSync(file, "id,score\n0,0.9\n1,0.8\n2,0.4\n3,0.1\n");
    const args = ["--import", "tsx", cli, "--challenge", "top-tagging", "--truth", truth, "--submission", file];
    const started = spawnSync(process.execPath, [...args, "--wait-for-start"], { encoding: "utf8", input: "start\n" });
    assert.equal(started.status, 0, started.stderr);
    assert.equal(JSON.parse(started.stdout).auc, 0.75);
    const closed = spawnSync(process.execPath, [...args, "--wait-for-start"], { encoding: "utf8", input: "" });
    assert.equal(closed.status, 1);
    assert.equal(closed.stdout, "");
    assert.match(closed.stderr, /not started/);
    // Started before its job was known: the arguments come with the start line.
    const warm = spawnSync(process.execPath, ["--import", "tsx", cli, "--wait-for-start"], {
      encoding: "utf8",
      input: `start ${JSON.stringify(args.slice(3))}\n`,
    });
    assert.equal(warm.status, 0, warm.stderr);
    assert.equal(JSON.parse(warm.stdout).auc, 0.75);
    const garbled = spawnSync(process.execPath, ["--import", "tsx", cli, "--wait-for-start"], {
      encoding: "utf8",
      input: "start --challenge top-tagging\n",
    });
    assert.equal(garbled.status, 1);
    assert.match(garbled.stderr, /not a JSON list of strings/);
  });
  it("exits 0 and prints one JSON object with the documented keys", () => {
    const out = score("id,score\n0,0.9\n1,0.8\n2,0.4\n3,0.1\n");
    assert.equal(out.status, 0, out.stderr);
    const json = JSON.parse(out.stdout);
    assert.equal(json.auc, 0.75); // pairs (0.9>0.8), (0.9>0.1), (0.4>0.1) won, (0.4<0.8) lost
    for (const key of [
      "accuracy",
      "bgRejection30",
      "bgRejection50",
      "bgRejection30Interpolated",
      "bgRejection50Interpolated",
      "bgRejection30Nearest",
      "bgRejection50Nearest",
    ])
      assert.ok(key in json, key);
  });
  it("exits 0 when the test set, or one side of its split, holds one class: the ROC metrics null with the reason", () => {
    const labels = path.join(dir, "background-only.masterkey");
    writeFileSync(labels, "0\n".repeat(50));
    const scores = path.join(dir, "box-scores.csv");
    writeFileSync(scores, `event_index,score\n${Array.from({ length: 50 }, (_, i) => `${i},${i / 50}`).join("\n")}\n`);
    const box = spawnSync(
      process.execPath,
      ["--import", "tsx", cli, "--challenge", "lhco", "--truth", labels, "--submission", scores, "--replicates", "20"],
      { encoding: "utf8" },
    );
    assert.equal(box.status, 0, box.stderr);
    const json = JSON.parse(box.stdout);
    assert.equal(json.auc, null);
    assert.match(json.reasons.auc, /no signal/);
    const oneClass = path.join(dir, "all-signal.csv");
    writeFileSync(oneClass, "id,is_signal\n0,1\n1,1\n2,1\n");
    const three = path.join(dir, "three.csv");
    writeFileSync(three, "id,score\n0,0.9\n1,0.2\n2,0.7\n");
    const jets = spawnSync(
      process.execPath,
      ["--import", "tsx", cli, "--challenge", "top-tagging", "--truth", oneClass, "--submission", three],
      { encoding: "utf8" },
    );
    assert.equal(jets.status, 0, jets.stderr);
    const tagged = JSON.parse(jets.stdout);
    assert.deepEqual([tagged.auc, tagged.bgRejection30, tagged.bgRejection30Nearest], [null, null, null]);
    assert.match(tagged.reasons.bgRejection30, /no background/);
    assert.equal(tagged.accuracy, 2 / 3, "the accuracy stays defined");
  });
  it("exits 2 with a located error on stdout and a human line on stderr for an invalid submission", () => {
    const out = score("id,score\n0,0.9\n1,inf\n");
    assert.equal(out.status, 2);
    const { error } = JSON.parse(out.stdout);
    assert.equal(error.message, "score: inf is not allowed");
    assert.equal(error.line, 3);
    assert.equal(error.column, 2);
    assert.match(error.file, /^s[\d.]+\.csv$/);
    assert.match(out.stderr, /invalid submission: .*:3:2: score: inf is not allowed/);
  });
  it("never echoes more than a few hundred bytes of a hostile field in its error, and reads it in linear time", () => {
    const out = score(`id,score\n0,${"9".repeat(20 * 1024 * 1024)}x\n`);
    assert.equal(out.status, 2, out.stderr.slice(0, 500));
    const { error } = JSON.parse(out.stdout);
    assert.match(error.message, /^score: a field of 20971521 characters is not a number \(at most 1000\)$/);
    assert.ok(out.stdout.length + out.stderr.length < 2000);
  });
  it("refuses a 2 GB file at once, by its size, without reading it", () => {
    const big = path.join(dir, "big.csv");
    writeFileSync(big, "");
    truncateSync(big, 2 * 1024 ** 3); // sparse: no disk used
    try {
      const started = Date.now();
      const out = spawnSync(
        process.execPath,
        ["--import", "tsx", cli, "--challenge", "top-tagging", "--truth", truth, "--submission", big],
        { encoding: "utf8" },
      );
      assert.equal(out.status, 2);
      assert.match(JSON.parse(out.stdout).error.message, /the file is 2\.1 GB, above the limit/);
      assert.ok(Date.now() - started < 10_000);
    } finally {
      rmSync(big);
    }
  });
  it("exits 1 and blames the truth file, not the participant, when the truth is unusable", () => {
    // A label the truth may not hold (a truth with one class only is no longer unusable: it is scored, with nulls).
    writeFileSync(path.join(dir, "one-class.csv"), "id,is_signal\n0,1\n1,7\n");
    const file = path.join(dir, "ok.csv");
    writeFileSync(file, "id,score\n0,1\n1,2\n");
    const out = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        cli,
        "--challenge",
        "top-tagging",
        "--truth",
        path.join(dir, "one-class.csv"),
        "--submission",
        file,
      ],
      { encoding: "utf8" },
    );
    assert.equal(out.status, 1);
    assert.equal(out.stdout, "");
    assert.match(out.stderr, /is_signal must be 0 or 1/);
  });
  it("--check-truth reads only the truth, as scoring would: a summary, or exit 2 with where the layout is wrong", () => {
    const check = (challenge: string, file: string) =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", cli, "--challenge", challenge, "--truth", file, "--check-truth"],
        {
          encoding: "utf8",
        },
      );
    const ok = check("top-tagging", truth);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), {
      truth: { units: 4, unit: "jets", classes: { signal: 2, background: 2 } },
    });
    const lhco = path.join(dir, "labels.txt");
    writeFileSync(lhco, "0\n1\n0\n");
    assert.deepEqual(JSON.parse(check("lhco", lhco).stdout), {
      truth: { units: 3, unit: "events", classes: { signal: 1, background: 2 } },
    });
    writeFileSync(lhco, "0\n1\nsignal\n");
    const bad = check("lhco", lhco);
    assert.equal(bad.status, 2);
    assert.deepEqual(JSON.parse(bad.stdout).error, {
      message: 'expected 0, 1 or 2, found "signal"',
      file: "labels.txt",
      line: 3,
      column: 1,
      hiddenData: false,
    });
    assert.match(bad.stderr, /^unreadable truth: labels\.txt:3:1: /);
    const events = path.join(dir, "truth-events");
    mkdirSync(events, { recursive: true });
    const empty = check("trackml", events);
    assert.equal(empty.status, 2);
    assert.match(JSON.parse(empty.stdout).error.message, /holds no event<id>-truth\.csv/);
    const jets = path.join(dir, "jets.csv");
    writeFileSync(jets, "id,label\n0,1\n");
    assert.equal(check("fpga-jet-tagging", jets).status, 2);
  });

  it("exits 1 with the usage on unknown options and bad counts", () => {
    const out = score("id,score\n0,1\n", "--boot", "100");
    assert.equal(out.status, 1);
    assert.match(out.stderr, /Unknown option '--boot'/);
    assert.match(
      out.stderr,
      /usage: score --challenge <top-tagging\|trackml\|lhco\|binary-classification\|multi-class\|regression\|fpga-jet-tagging\|multi-task>/,
    );
    assert.equal(score("id,score\n0,1\n", "--bootstrap", "ten").status, 1);
  });
  it("adds reproducible bootstrap intervals under ci for every scalar metric", () => {
    const sub = "id,score\n0,0.9\n1,0.8\n2,0.4\n3,0.1\n";
    const a = JSON.parse(score(sub, "--bootstrap", "300", "--seed", "7").stdout);
    const b = JSON.parse(score(sub, "--bootstrap", "300", "--seed", "7").stdout);
    assert.deepEqual(a.ci, b.ci);
    assert.deepEqual(Object.keys(a.ci).sort(), [
      "accuracy",
      "auc",
      "bgRejection30",
      "bgRejection30Interpolated",
      "bgRejection50",
      "bgRejection50Interpolated",
    ]);
    assert.ok(a.ci.auc.low <= a.auc && a.auc <= a.ci.auc.high);
    assert.equal(a.ci.auc.level, 0.95);
    assert.equal(JSON.parse(score(sub).stdout).ci, undefined);
  });
  it("scores trackml and lhco with their documented keys", () => {
    const truthDir = path.join(dir, "trackml");
    mkdirSync(truthDir, { recursive: true });
    writeFileSync(
      path.join(truthDir, "event000001000-truth.csv"),
      "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n1,5,0,0,0,0,0,0,0.5\n2,5,0,0,0,0,0,0,0.5\n3,0,0,0,0,0,0,0,0\n",
    );
    const sub = path.join(dir, "tracks.csv");
    writeFileSync(sub, "event_id,hit_id,track_id\n1000,1,7\n1000,2,7\n1000,3,8\n");
    const t = spawnSync(
      process.execPath,
      ["--import", "tsx", cli, "--challenge", "trackml", "--truth", truthDir, "--submission", sub],
      { encoding: "utf8" },
    );
    assert.equal(t.status, 0, t.stderr);
    const tj = JSON.parse(t.stdout);
    assert.deepEqual([tj.score, tj.efficiency, tj.fakeRate, tj.duplicateRate], [1, null, 0.5, 0]); // no particle has 4 hits: efficiency undefined
    assert.deepEqual(tj.events, [{ eventId: 1000, score: 1 }]);

    const key = path.join(dir, "key.txt");
    writeFileSync(key, "0\n2\n1\n0\n");
    const scores = path.join(dir, "anomaly.csv");
    writeFileSync(scores, "event_index,score\n3,0.1\n2,0.7\n1,0.9\n0,0.2\n");
    const l = spawnSync(
      process.execPath,
      ["--import", "tsx", cli, "--challenge", "lhco", "--truth", key, "--submission", scores],
      { encoding: "utf8" },
    );
    assert.equal(l.status, 0, l.stderr);
    const lj = JSON.parse(l.stdout);
    for (const k of ["auc", "sigEffAt1e-2", "sigEffAt1e-3", "sigEffAt1e-4", "maxSI"]) assert.ok(k in lj, k);
    assert.equal(lj.auc, 1);
  });
});
