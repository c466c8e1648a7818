import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { pick, publicMask } from "../src/leaderboard/public-split.ts";
import { rocAuc } from "../src/metrics/roc-auc.ts";
import { Random } from "../src/random.ts";

describe("the public/private split", () => {
  const ids = Float64Array.from({ length: 10_000 }, (_, i) => i * 7 + 3);

  it("makes round(fraction · n) units public, the same ones every time", () => {
    const a = publicMask(ids, "phase-key", 0.3);
    assert.equal(
      a.reduce((s, v) => s + v, 0),
      3000,
    );
    assert.deepEqual(publicMask(ids, "phase-key", 0.3), a);
    assert.equal(
      publicMask(ids.subarray(0, 7), "phase-key", 0.3).reduce((s, v) => s + v, 0),
      2,
    );
  });

  it("depends on the ids and the key, not on the order of the rows", () => {
    const a = publicMask(ids, "phase-key", 0.3);
    const publicIds = new Set(pick(ids, a, 1));
    const reversed = ids.slice().reverse();
    const b = publicMask(reversed, "phase-key", 0.3);
    assert.deepEqual(new Set(pick(reversed, b, 1)), publicIds);
    const other = new Set(pick(ids, publicMask(ids, "another-key", 0.3), 1));
    const shared = [...other].filter((id) => publicIds.has(id)).length;
    assert.ok(shared > 700 && shared < 1100, `a different key shares ${shared} of 3000 (≈ 900 expected by chance)`);
  });

  it("keeps a unit on each side when there are two or more", () => {
    assert.deepEqual([...publicMask([1, 2], "k", 0.01)].sort(), [0, 1]);
    assert.deepEqual([...publicMask([1, 2], "k", 0.99)].sort(), [0, 1]);
    assert.throws(() => publicMask(ids, "k", 1), /between 0 and 1/);
    assert.throws(() => publicMask(ids, "", 0.3), /empty/);
  });

  it("is not correlated with the position of the units", () => {
    const mask = publicMask(ids, "phase-key", 0.5);
    const firstHalf = mask.subarray(0, 5000).reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(firstHalf - 2500) < 150, `${firstHalf} public in the first half`);
  });
});

describe("the scoring CLI with a split", () => {
  it("scores the public rows at the top level and the private rows under private, each alone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "unblind-split-"));
    const random = new Random(5);
    const n = 3000;
    const labels = Uint8Array.from({ length: n }, () => random.below(2));
    const scores = Float64Array.from(labels, (y) => random.below(1000) / 1000 + 0.3 * y);
    writeFileSync(
      path.join(dir, "truth.csv"),
      `id,is_signal\n${Array.from(labels, (y, i) => `${i},${y}`).join("\n")}\n`,
    );
    writeFileSync(path.join(dir, "sub.csv"), `id,score\n${Array.from(scores, (s, i) => `${i},${s}`).join("\n")}\n`);
    const cli = path.resolve(import.meta.dirname, "../src/cli.ts");
    const args = [
      "--challenge",
      "top-tagging",
      "--truth",
      path.join(dir, "truth.csv"),
      "--submission",
      path.join(dir, "sub.csv"),
      "--split-key",
      "k1",
      "--public-fraction",
      "0.3",
    ];
    const out = spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    const json = JSON.parse(out.stdout);
    const mask = publicMask(
      Float64Array.from(labels, (_, i) => i),
      "k1",
      0.3,
    );
    assert.equal(json.nJets, 900);
    assert.equal(json.private.nJets, 2100);
    assert.equal(json.auc, rocAuc(pick(labels, mask, 1), pick(scores, mask, 1)));
    assert.equal(json.private.auc, rocAuc(pick(labels, mask, 0), pick(scores, mask, 0)));
    assert.ok(json.curves.roc.length > 0 && json.private.curves.roc.length > 0);

    const bad = spawnSync(process.execPath, ["--import", "tsx", cli, ...args.slice(0, -2)], { encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--split-key and --public-fraction go together/);
  });
});
