// The LHC Olympics generator's files read back by the scorer's own parsers:
// the official 2100-column layout, labels, sealed keys that agree with the
// labels, and a baseline that finds the R&D signal.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { readLhcoLabels, scoreLhco } from "@unblind/scoring/challenges/lhco.ts";
import { readPandasColumns } from "@unblind/scoring/parse/pandas-hdf5.ts";
import { readEvents } from "../lhco-2020/baseline.ts";
import { boxFiles, demoBoxes, keyOf, writeLhcoDataset, type BlackBoxKey } from "../lhco-2020/write-dataset.ts";

let dir: string;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "unblind-lhco-gen-"));
  await writeLhcoDataset(dir, { seed: 11, rnd: 270, rndSignal: 30, boxes: demoBoxes(400, 11) });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("LHC Olympics generator", () => {
  it("writes pandas frames with integer columns 0 … 2099, the R&D label in column 2100", async () => {
    const rnd = await readPandasColumns(
      path.join(dir, "events_anomalydetection.h5"),
      "df",
      ["0", "1", "2", "2099", "2100"],
      "events_anomalydetection.h5",
    );
    const labels = rnd.get("2100")!;
    assert.equal(labels.length, 300);
    assert.equal(labels.filter((l) => l === 1).length, 30);
    // Particles pT-ordered, η within the detector, φ in [−π, π]; zero padding at the end.
    assert.ok(
      rnd.get("0")!.every((pt) => pt > 100),
      "the hardest particle of a dijet event",
    );
    assert.ok(rnd.get("1")!.every((eta) => Math.abs(eta) < 5));
    assert.ok(rnd.get("2")!.every((phi) => Math.abs(phi) <= Math.PI + 1e-6));
    assert.ok(
      rnd.get("2099")!.every((v) => v === 0),
      "zero-padded to 700 particles",
    );
    await assert.rejects(
      readPandasColumns(path.join(dir, boxFiles("Black box 1").events), "df", ["2100"], "events_LHCO2020_BlackBox1.h5"),
      /no column 2100/,
    );
  });

  it("seals keys that agree with the labels: a signal, none, and two decay modes, in an order drawn from the seed", async () => {
    const kinds: string[] = [];
    for (const box of ["Black box 1", "Black box 2", "Black box 3"]) {
      const labels = await readLhcoLabels(path.join(dir, boxFiles(box).labels));
      const raw = readFileSync(path.join(dir, boxFiles(box).labels), "latin1")
        .trim()
        .split("\n")
        .map(Number);
      const key = JSON.parse(readFileSync(path.join(dir, boxFiles(box).key), "utf8")) as BlackBoxKey;
      assert.equal(labels.length, 400);
      assert.equal(key.nSignal, raw.filter((l) => l > 0).length);
      if (key.nSignal === 0) assert.equal(key.resonanceMass, null);
      else
        assert.ok(key.resonanceMass! >= 3000 && key.resonanceMass! <= 6000 && key.daughterMass1! > key.daughterMass2!);
      kinds.push(raw.includes(2) ? "two decay modes" : raw.includes(1) ? "one signal" : "background only");
    }
    assert.deepEqual([...kinds].sort(), ["background only", "one signal", "two decay modes"]);
  });

  it("hides what a box holds in the seed: another seed gives other boxes, the same seed the same", () => {
    const keys = (seed: string) => demoBoxes(1000, seed).map(keyOf);
    assert.deepEqual(keys("a"), keys("a"));
    assert.notDeepEqual(keys("a"), keys("b"));
    // Over many seeds every box is sometimes empty: its content is not fixed by its name.
    const empty = new Set(
      Array.from({ length: 40 }, (_, i) => demoBoxes(1000, `s${i}`).findIndex((b) => b.signals.length === 0)),
    );
    assert.deepEqual([...empty].sort(), [0, 1, 2]);
  });

  it("puts the injected resonance where the key says: the baseline finds the R&D signal and m_jj peaks at m_X", async () => {
    const events = await readEvents(path.join(dir, "rnd_test.h5"));
    const labels = await readLhcoLabels(path.join(dir, "rnd_test_labels.txt"));
    const scores = Float64Array.from(events, (e) => e.mHeavy);
    assert.ok(scoreLhco(labels, scores).auc! > 0.9);
    const signalMjj = events
      .filter((_, i) => labels[i] === 1)
      .map((e) => e.mjj)
      .sort((a, b) => a - b);
    const median = signalMjj[Math.floor(signalMjj.length / 2)];
    assert.ok(Math.abs(median - 3500) < 250, `signal m_jj median ${median} near 3500 GeV`);
  });
});
