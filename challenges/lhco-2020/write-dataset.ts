import { writeFile } from "node:fs/promises";
import path from "node:path";
import { writePandasFrame } from "@unblind/scoring/parse/pandas-hdf5.ts";
import type { GeneratedFile } from "../shared/definition.ts";
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
  seed: number;
  /** Background events of the labelled R&D set and of the unlabelled R&D test set. */
  rnd: number;
  /** Signal events in each of them (X → Y Z, 3.5 TeV → 500 + 100 GeV, as the official R&D set). */
  rndSignal: number;
  boxes: BlackBoxSpec[];
}

const RND_SIGNAL: Omit<SignalSpec, "count"> = { resonanceMass: 3500, daughterMasses: [500, 100], label: 1 };

/** The three boxes of the demo, modelled on the official ones: a signal, none, and two decay modes. */
export function demoBoxes(events: number): BlackBoxSpec[] {
  const n = (fraction: number) => Math.round(events * fraction);
  return [
    {
      name: "Black box 1",
      background: events - n(0.04),
      signals: [{ resonanceMass: 3823, daughterMasses: [732, 378], count: n(0.04), label: 1 }],
      description: "X → Y Z with Y → q q and Z → q q: a 3823 GeV resonance with 732 and 378 GeV two-prong daughters.",
    },
    { name: "Black box 2", background: events, signals: [], description: "Background only: no signal was injected." },
    {
      name: "Black box 3",
      background: events - n(0.025) - n(0.02),
      signals: [
        { resonanceMass: 4200, daughterMasses: [650, 300], count: n(0.025), label: 1 },
        { resonanceMass: 4200, daughterMasses: null, count: n(0.02), label: 2 },
      ],
      description: "A 4200 GeV resonance with two decay modes: X → Y Z (650 and 300 GeV two-prong daughters, label 1) and X → q q (label 2).",
    },
  ];
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
const slugOf = (box: string) => box.toLowerCase().replace(/\s+/g, "");

export const rndTruthFile = "rnd_test_labels.txt";
export const boxFiles = (box: string) => ({ events: `${slugOf(box)}.h5`, labels: `${slugOf(box)}_labels.txt`, key: `${slugOf(box)}_key.json` });

/**
 * Writes the labelled R&D set (events_rnd.h5, label in column 2100), the
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
  const rnd = generateEventSet(sizes.seed, sizes.rnd, rndSignal);
  await add({ name: "events_rnd.h5", dataset: "R&D", access: "PUBLIC" }, (p) => writeEvents(p, rnd, true));
  const rndTest = generateEventSet(sizes.seed + 1, sizes.rnd, rndSignal);
  await add({ name: "rnd_test.h5", dataset: "R&D", access: "PARTICIPANTS" }, (p) => writeEvents(p, rndTest, false));
  await add({ name: rndTruthFile, dataset: "Answer keys", access: "TRUTH" }, (p) => writeFile(p, labelsText(rndTest.labels)));
  for (const [i, box] of sizes.boxes.entries()) {
    const set = generateEventSet(sizes.seed + 10 + i, box.background, box.signals);
    const names = boxFiles(box.name);
    await add({ name: names.events, dataset: "Black boxes", access: "PARTICIPANTS" }, (p) => writeEvents(p, set, false));
    await add({ name: names.labels, dataset: "Answer keys", access: "TRUTH" }, (p) => writeFile(p, labelsText(set.labels)));
    await add({ name: names.key, dataset: "Answer keys", access: "TRUTH" }, (p) => writeFile(p, `${JSON.stringify(keyOf(box), null, 2)}\n`));
  }
  return files;
}
