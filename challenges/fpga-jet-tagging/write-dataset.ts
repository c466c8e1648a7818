import { writeFile } from "node:fs/promises";
import path from "node:path";
import { JET_FEATURES } from "@unblind/scoring/fpga/jet-features.ts";
import type { GeneratedFile } from "../shared/definition.ts";
import { subSeed, type Seed } from "../shared/random.ts";
import { generateJets, type JetSample } from "./generate-jets.ts";

/** `id,label,<16 features>`: the training file and, for the test jets, the hidden truth. */
export function jetCsv({ features, labels }: JetSample): string {
  const width = JET_FEATURES.length;
  const lines = [`id,label,${JET_FEATURES.join(",")}`];
  for (let i = 0; i < labels.length; i++) {
    const row = Array.from(features.subarray(i * width, (i + 1) * width), float32Text);
    lines.push(`${i},${labels[i]},${row.join(",")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The shortest decimal that reads back as the same float32 (as numpy prints a float32). */
export function float32Text(v: number): string {
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(v.toPrecision(digits)));
    if (Math.fround(Number(text)) === v) return text;
  }
  return String(Number(v.toPrecision(9)));
}

/**
 * train.csv and val.csv with labels (public), and test_truth.csv: the test
 * jets' features and labels, both hidden, because the scorer runs the
 * submitted model on them. Raw feature values, as in the hls4ml dataset.
 */
export async function writeFpgaJetDataset(
  dir: string,
  sizes: { train: number; val: number; test: number; seed: Seed },
): Promise<GeneratedFile[]> {
  const train = generateJets(subSeed(sizes.seed, "train"), sizes.train);
  const val = generateJets(subSeed(sizes.seed, "val"), sizes.val);
  const test = generateJets(subSeed(sizes.seed, "test"), sizes.test);
  const files: GeneratedFile[] = [
    { name: "train.csv", dataset: "Jets", access: "PUBLIC", path: path.join(dir, "train.csv") },
    { name: "val.csv", dataset: "Jets", access: "PUBLIC", path: path.join(dir, "val.csv") },
    { name: "test_truth.csv", dataset: "Test jets", access: "TRUTH", path: path.join(dir, "test_truth.csv") },
  ];
  await writeFile(files[0].path, jetCsv(train));
  await writeFile(files[1].path, jetCsv(val));
  await writeFile(files[2].path, jetCsv(test));
  return files;
}
