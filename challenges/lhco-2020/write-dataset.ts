import { writeFile } from "node:fs/promises";
import path from "node:path";
import { writePandasFrame } from "@unblind/scoring/parse/pandas-hdf5.ts";
import type { GeneratedFile } from "../shared/definition.ts";
import { Random, subSeed, type Seed } from "../shared/random.ts";
import { EVENT_COLUMNS, generateEventSet, type EventSet, type SignalSpec } from "./generate-events.ts";

/** The true parameters of a black box, as its sealed key file holds them (GeV; null when absent). */
export interface BlackBoxKey {
  resonanceMass: number | null;
  daughterMass1: number | null;
  daughterMass2: number | null;
  nSignal: number;
  description: string;
}

export interface BlackBoxSpec {
  name: string;
  background: number;
  signals: SignalSpec[];
  description: string;
}

export interface LhcoSizes {
  seed: Seed;
  /** Background events of the labelled R&D set and of the unlabelled R&D test set. */
  rnd: number;
  /** Signal events in each of them (X → Y Z, 3.5 TeV → 500 + 100 GeV, as the official R&D set). */
  rndSignal: number;
  boxes: BlackBoxSpec[];
}

const RND_SIGNAL: Omit<SignalSpec, "count"> = { resonanceMass: 3500, daughterMasses: [500, 100], label: 1 };

/** What a demo box hides, modelled on the three official boxes of 2020. */
const SCENARIOS = ["one signal", "background only", "two decay modes"] as const;

/**
 * The three boxes of the demo: one with a signal X → Y Z, one with none, one
 * with two decay modes of one resonance, in an order and with masses and
 * signal counts drawn from the seed. Nothing of a box's content is written
 * in this public code: hosted data is generated from a secret seed
 * (random.ts), so only the sealed key file says what a box holds.
 */
export function demoBoxes(events: number, seed: Seed): BlackBoxSpec[] {
  const r = new Random(subSeed(seed, "boxes"));
  const n = (fraction: number) => Math.round(events * fraction);
  return r.shuffle(SCENARIOS).map((scenario, i): BlackBoxSpec => {
    const name = `Black box ${i + 1}`;
    if (scenario === "background only")
      return { name, background: events, signals: [], description: "Background only: no signal was injected." };
    const mX = r.integer(3000, 6000);
    const heavy = r.integer(200, 900);
    const light = r.integer(50, heavy - 50);
    // The daughters in either order, as a physicist names them.
    const daughters: [number, number] = r.next() < 0.5 ? [heavy, light] : [light, heavy];
    if (scenario === "one signal") {
      const count = n(r.uniform(0.03, 0.05));
      return {
        name,
        background: events - count,
        signals: [{ resonanceMass: mX, daughterMasses: daughters, count, label: 1 }],
        description: `X → Y Z with Y → q q and Z → q q: a ${mX} GeV resonance with ${heavy} and ${light} GeV two-prong daughters.`,
      };
    }
    const twoProng = n(r.uniform(0.02, 0.03));
    const dijet = n(r.uniform(0.015, 0.025));
    return {
      name,
      background: events - twoProng - dijet,
      signals: [
        { resonanceMass: mX, daughterMasses: daughters, count: twoProng, label: 1 },
        { resonanceMass: mX, daughterMasses: null, count: dijet, label: 2 },
      ],
      description: `A ${mX} GeV resonance with two decay modes: X → Y Z (${heavy} and ${light} GeV two-prong daughters, label 1) and X → q q (label 2).`,
    };
  });
}

export function keyOf(box: BlackBoxSpec): BlackBoxKey {
  const first = box.signals[0];
  const daughters = box.signals.find((s) => s.daughterMasses)?.daughterMasses ?? null;
  return {
    resonanceMass: first?.resonanceMass ?? null,
    daughterMass1: daughters ? Math.max(...daughters) : null,
    daughterMass2: daughters ? Math.min(...daughters) : null,
    nSignal: box.signals.reduce((a, s) => a + s.count, 0),
    description: box.description,
  };
}

/** Writes the events as a pandas frame with integer columns 0 … 2099 (and 2100, the label, when given). */
async function writeEvents(file: string, set: EventSet, withLabels: boolean): Promise<void> {
  const n = set.labels.length;
  const width = EVENT_COLUMNS + (withLabels ? 1 : 0);
  let values = set.values;
  if (withLabels) {
    values = new Float32Array(n * width);
    for (let r = 0; r < n; r++) {
      values.set(set.values.subarray(r * EVENT_COLUMNS, (r + 1) * EVENT_COLUMNS), r * width);
      values[r * width + EVENT_COLUMNS] = set.labels[r];
    }
  }
  await writePandasFrame(file, "df", n, [{ dtype: "<f", columns: Array.from({ length: width }, (_, i) => i), values }]);
}

const labelsText = (labels: Uint8Array) => `${Array.from(labels).join("\n")}\n`;

/** The official R&D file: background and signal, the label (1 signal, 0 background) in the last column, 2100. */
export const RND_FILE = "events_anomalydetection.h5";
export const rndTruthFile = "rnd_test_labels.txt";
/**
 * A black box's files under the official names of 2020: the events
 * (events_LHCO2020_BlackBox1.h5), the master key (…BlackBox1.masterkey: one
 * label per line, in event order: 0 background, 1 signal, 2 a second signal)
 * and the platform's key of the true parameters (…BlackBox1_key.json).
 */
export const boxFiles = (box: string) => {
  const n = /^Black box (\d+)$/.exec(box)?.[1];
  const stem = n ? `events_LHCO2020_BlackBox${n}` : `events_LHCO2020_${box.replace(/[^\w]+/g, "")}`;
  return { events: `${stem}.h5`, labels: `${stem}.masterkey`, key: `${stem}_key.json` };
};

/**
 * Writes the labelled R&D set (events_anomalydetection.h5, label in column 2100), the
 * unlabelled R&D test set with its hidden labels, and each black box with its
 * sealed labels (one 0/1/2 per line, in event order) and key.
 */
export async function writeLhcoDataset(dir: string, sizes: LhcoSizes): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const add = async (f: Omit<GeneratedFile, "path">, write: (p: string) => Promise<void>) => {
    const file = { ...f, path: path.join(dir, f.name) };
    await write(file.path);
    files.push(file);
  };
  const rndSignal = [{ ...RND_SIGNAL, count: sizes.rndSignal }];
  const rnd = generateEventSet(subSeed(sizes.seed, "rnd"), sizes.rnd, rndSignal);
  await add({ name: RND_FILE, dataset: "R&D", access: "PUBLIC" }, (p) => writeEvents(p, rnd, true));
  const rndTest = generateEventSet(subSeed(sizes.seed, "rnd-test"), sizes.rnd, rndSignal);
  await add({ name: "rnd_test.h5", dataset: "R&D", access: "PARTICIPANTS" }, (p) => writeEvents(p, rndTest, false));
  await add({ name: rndTruthFile, dataset: "Answer keys", access: "TRUTH" }, (p) =>
    writeFile(p, labelsText(rndTest.labels)),
  );
  for (const [i, box] of sizes.boxes.entries()) {
    const set = generateEventSet(subSeed(sizes.seed, `box-${i + 1}`), box.background, box.signals);
    const names = boxFiles(box.name);
    await add({ name: names.events, dataset: "Black boxes", access: "PARTICIPANTS" }, (p) =>
      writeEvents(p, set, false),
    );
    await add({ name: names.labels, dataset: "Answer keys", access: "TRUTH" }, (p) =>
      writeFile(p, labelsText(set.labels)),
    );
    await add({ name: names.key, dataset: "Answer keys", access: "TRUTH" }, (p) =>
      writeFile(p, `${JSON.stringify(keyOf(box), null, 2)}\n`),
    );
  }
  return files;
}
