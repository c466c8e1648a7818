import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
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
  return spawnSync(process.execPath, ["--import", "tsx", cli, "--challenge", "top-tagging", "--truth", truth, "--submission", file, ...extra], { encoding: "utf8" });
}

describe("the scoring CLI", () => {
  it("exits 0 and prints one JSON object with the documented keys", () => {
    const out = score("id,score\n0,0.9\n1,0.8\n2,0.4\n3,0.1\n");
    assert.equal(out.status, 0, out.stderr);
    const json = JSON.parse(out.stdout);
    assert.equal(json.auc, 0.75); // pairs (0.9>0.8), (0.9>0.1), (0.4>0.1) won, (0.4<0.8) lost
    for (const key of ["accuracy", "bgRejection30", "bgRejection50", "bgRejection30Interpolated", "bgRejection50Interpolated"]) assert.ok(key in json, key);
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
  it("exits 1 and blames the truth file, not the participant, when the truth is unusable", () => {
    writeFileSync(path.join(dir, "one-class.csv"), "id,is_signal\n0,1\n1,1\n");
    const file = path.join(dir, "ok.csv");
    writeFileSync(file, "id,score\n0,1\n1,2\n");
    const out = spawnSync(process.execPath, ["--import", "tsx", cli, "--challenge", "top-tagging", "--truth", path.join(dir, "one-class.csv"), "--submission", file], { encoding: "utf8" });
    assert.equal(out.status, 1);
    assert.equal(out.stdout, "");
    assert.match(out.stderr, /single class/);
  });
  it("exits 1 with the usage on unknown options", () => {
    const out = score("id,score\n0,1\n", "--bootstrap", "100");
    assert.equal(out.status, 1);
    assert.match(out.stderr, /Unknown option '--bootstrap'/);
  });
});
