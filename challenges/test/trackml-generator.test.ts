// The TrackML generator's files read back by the scorer's own parsers, in
// the official columns, and the baseline track finder scoring well above 0.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { scoreTrackml } from "@unblind/scoring/challenges/trackml.ts";
import { openTruth } from "@unblind/scoring/trackml/truth.ts";
import type { GeneratedFile } from "../shared/definition.ts";
import { trackmlBaseline } from "../trackml/baseline.ts";
import { eventFile, TEST_FOLDER, TRAIN_FOLDER, TRUTH_FILE, writeTrackmlDataset } from "../trackml/write-dataset.ts";

let dir: string;
let files: GeneratedFile[];
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "unblind-trackml-gen-"));
  files = await writeTrackmlDataset(dir, { seed: 7, trainEvents: 1, testEvents: 2, hitsPerEvent: 4000 });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Where an event file is: training events in train_1/, test events in test/ (as in the Kaggle release). */
const at = (name: string) =>
  /^event\d+-/.test(name)
    ? path.join(dir, Number(/event(\d+)/.exec(name)![1]) >= 1000 ? TRAIN_FOLDER : TEST_FOLDER, name)
    : path.join(dir, name);
const header = (name: string) => readFileSync(at(name), "latin1").split("\n", 1)[0];
const rows = (name: string) =>
  readFileSync(at(name), "latin1")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));

describe("TrackML generator", () => {
  it("writes the official files and columns, truth and particles for training events only", () => {
    assert.equal(header(eventFile(1000, "hits")), "hit_id,x,y,z,volume_id,layer_id,module_id");
    assert.equal(header(eventFile(1000, "cells")), "hit_id,ch0,ch1,value");
    assert.equal(header(eventFile(1000, "particles")), "particle_id,vx,vy,vz,px,py,pz,q,nhits");
    assert.equal(header(eventFile(1000, "truth")), "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight");
    const names = files.map((f) => f.name);
    assert.ok(
      !names.includes(eventFile(0, "truth")) && !names.includes(eventFile(0, "particles")),
      "test events keep their truth hidden",
    );
    assert.deepEqual(
      files.filter((f) => f.access === "TRUTH").map((f) => f.name),
      [TRUTH_FILE],
    );
    const hits = rows(eventFile(1000, "hits"));
    assert.ok(hits.length > 3500 && hits.length < 4600, `about 4000 hits, got ${hits.length}`);
    assert.deepEqual(
      hits.map((h) => Number(h[0])),
      hits.map((_, i) => i + 1),
      "hit_ids are 1 … n",
    );
    const volumes = new Set(hits.map((h) => Number(h[4])));
    for (const v of [7, 8, 9, 12, 13, 14, 17]) assert.ok(volumes.has(v), `volume ${v} has hits`);
    // Every particle's nhits matches its truth rows; noise is particle 0.
    const truth = rows(eventFile(1000, "truth"));
    const counted = new Map<string, number>();
    for (const t of truth) counted.set(t[1], (counted.get(t[1]) ?? 0) + 1);
    for (const p of rows(eventFile(1000, "particles"))) assert.equal(counted.get(p[0]) ?? 0, Number(p[8]));
    assert.ok((counted.get("0") ?? 0) > 0.05 * truth.length, "noise hits");
    const weightSum = truth.reduce((a, t) => a + Number(t[8]), 0);
    assert.ok(Math.abs(weightSum - 1) < 1e-6, `weights sum to 1, got ${weightSum}`);
  });

  it("writes a test truth the scorer reads, with the official normalised weights per event", async () => {
    const truth = await openTruth(path.join(dir, TRUTH_FILE));
    assert.deepEqual(truth.eventIds, [0, 1]);
    for (const id of truth.eventIds) {
      const event = await truth.load(id);
      assert.equal(event.hitIds.length, rows(eventFile(id, "hits")).length);
      assert.ok(Math.abs(event.weight.reduce((a, w) => a + w, 0) - 1) < 1e-6);
    }
  });

  it("lets the baseline track finder score well above 0, with the display of the first test event", async () => {
    const out: string[] = [];
    await trackmlBaseline(path.join(dir, TEST_FOLDER), (s) => out.push(s));
    const submission = path.join(dir, "baseline.csv");
    await import("node:fs/promises").then((fs) => fs.writeFile(submission, out.join("")));
    const scores = await scoreTrackml(path.join(dir, TRUTH_FILE), submission);
    assert.ok(scores.score > 0.1, `baseline score ${scores.score}`);
    assert.ok(scores.fakeRate < 0.2, `fake rate ${scores.fakeRate}`);
    assert.equal(scores.curves.display.eventId, 0);
    assert.equal(scores.curves.display.track.length, rows(eventFile(0, "hits")).length);
    assert.equal(scores.curves.display.hitIds, undefined, "hit ids 1 … n need not be repeated");
  });

  it("lays the release out as Kaggle did: train_1.zip and test.zip with their folders, detectors.csv, sample_submission.csv", () => {
    const published = files.map((f) => `${f.dataset}/${f.name}:${f.access}`);
    for (const f of [
      "Training events/train_1.zip:PUBLIC",
      "Training events/detectors.csv:PUBLIC",
      "Test events/test.zip:PARTICIPANTS",
      "Test events/sample_submission.csv:PARTICIPANTS",
    ])
      assert.ok(published.includes(f), `${f} in ${published.join(", ")}`);
    // Read as trackml-library's load_dataset reads an archive (event prefixes under the folder,
    // `{prefix}-{part}.csv` opened from the zip, its dtypes), with Debian's Python.
    const out = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        `
import json, re, zipfile, pandas as pd
def events(path, parts):
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.match(r".*event\\d{9}-[a-zA-Z]+.csv(.gz)?$", n)]
        for p in sorted(set(n.split("-", 1)[0] for n in names)):
            yield (int(re.findall(r".*event(\\d+)", p)[0]),) + tuple(pd.read_csv(z.open(f"{p}-{part}.csv"), header=0, index_col=False) for part in parts)
out = {}
for event_id, hits, cells, particles, truth in events(${JSON.stringify(path.join(dir, "train_1.zip"))}, ["hits", "cells", "particles", "truth"]):
    pid = particles.particle_id.values.astype("u8")
    out["train"] = {"event": event_id, "particles": list(particles.columns), "hits": len(hits),
      "generation0": float(((pid & 0x0000000fff000000) >> 24 == 0).mean()),
      "vertex": int(((pid & 0xfff0000000000000) >> 52).min()),
      "digits": sorted(set(len(str(p)) for p in pid)),
      "sorted": bool(hits.sort_values(["volume_id", "layer_id", "module_id"], kind="stable").hit_id.is_monotonic_increasing)}
out["test"] = [e for e, _, _ in events(${JSON.stringify(path.join(dir, "test.zip"))}, ["hits", "cells"])]
det = pd.read_csv(${JSON.stringify(path.join(dir, "detectors.csv"))})
out["detectors"] = list(det.columns)
sub = pd.read_csv(${JSON.stringify(path.join(dir, "sample_submission.csv"))})
out["sample"] = [list(sub.columns), len(sub)]
print(json.dumps(out))
`,
      ],
      { encoding: "utf8" },
    );
    const read = JSON.parse(out);
    assert.equal(read.train.event, 1000);
    assert.deepEqual(read.train.particles, ["particle_id", "vx", "vy", "vz", "px", "py", "pz", "q", "nhits"]);
    assert.ok(read.train.generation0 > 0.8, `most particles are primaries (generation 0): ${read.train.generation0}`);
    assert.ok(read.train.vertex >= 1);
    assert.ok(
      read.train.digits.every((d: number) => d >= 16 && d <= 18),
      `id digits ${read.train.digits}`,
    );
    assert.equal(read.train.sorted, true, "hit_ids run through volumes, layers and modules");
    assert.deepEqual(read.test, [0, 1]);
    assert.equal(read.detectors.length, 21);
    assert.deepEqual(read.detectors.slice(0, 6), ["volume_id", "layer_id", "module_id", "cx", "cy", "cz"]);
    assert.deepEqual(read.sample[0], ["event_id", "hit_id", "track_id"]);
    assert.equal(read.sample[1], rows(eventFile(0, "hits")).length + rows(eventFile(1, "hits")).length);
  });

  it("scores the sample submission, valid, at 0", async () => {
    const scores = await scoreTrackml(path.join(dir, TRUTH_FILE), path.join(dir, "sample_submission.csv"));
    assert.equal(scores.score, 0);
  });
});
