import { copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { mlpOnnx } from "@unblind/scoring/fpga/build-mlp.ts";
import { writePandasFrame } from "@unblind/scoring/parse/pandas-hdf5.ts";
import type { GeneratedFile } from "../shared/definition.ts";
import { subSeed, type Seed } from "../shared/random.ts";
import { CONSTITUENT_COLUMNS, generateJets, MAX_CONSTITUENTS, TRUTH_COLUMNS, type Jet } from "./generate-jets.ts";

/** ttv values of the reference dataset: 0 train, 1 test, 2 validation. */
const TTV = { train: 0, test: 1, val: 2 } as const;

async function writeSplit(file: string, jets: Jet[], ttv: number, withLabels: boolean): Promise<void> {
  const n = jets.length;
  const width = 4 * MAX_CONSTITUENTS + (withLabels ? 4 : 0);
  const floats = new Float32Array(n * width);
  const ints = new BigInt64Array(n * (withLabels ? 2 : 1));
  jets.forEach((jet, r) => {
    floats.set(jet.constituents, r * width);
    if (withLabels) {
      floats.set(jet.truth, r * width + 4 * MAX_CONSTITUENTS);
      ints[2 * r] = BigInt(ttv);
      ints[2 * r + 1] = jet.isSignal ? 1n : 0n;
    } else {
      ints[r] = BigInt(ttv);
    }
  });
  await writePandasFrame(file, "table", n, [
    {
      dtype: "<f",
      columns: withLabels ? [...CONSTITUENT_COLUMNS, ...TRUTH_COLUMNS] : CONSTITUENT_COLUMNS,
      values: floats,
    },
    { dtype: "<q", columns: withLabels ? ["ttv", "is_signal_new"] : ["ttv"], values: ints },
  ]);
}

export interface TopTaggingSizes {
  train: number;
  val: number;
  test: number;
  seed: Seed;
}

/**
 * Writes train.h5 and val.h5 with labels, test.h5 without its labels (and
 * without the truth four-vectors, which would give them away), and the hidden
 * answer key test_truth.csv (`id,is_signal`, id = row of test.h5).
 */
export async function writeTopTaggingDataset(dir: string, sizes: TopTaggingSizes): Promise<GeneratedFile[]> {
  const train = generateJets(subSeed(sizes.seed, "train"), sizes.train);
  const val = generateJets(subSeed(sizes.seed, "val"), sizes.val);
  const test = generateJets(subSeed(sizes.seed, "test"), sizes.test);
  const files: GeneratedFile[] = [
    { name: "train.h5", dataset: "Jets", access: "PUBLIC", path: path.join(dir, "train.h5") },
    { name: "val.h5", dataset: "Jets", access: "PUBLIC", path: path.join(dir, "val.h5") },
    { name: "test.h5", dataset: "Jets", access: "PARTICIPANTS", path: path.join(dir, "test.h5") },
    { name: "test_truth.csv", dataset: "Answer key", access: "TRUTH", path: path.join(dir, "test_truth.csv") },
  ];
  await writeSplit(files[0].path, train, TTV.train, true);
  await writeSplit(files[1].path, val, TTV.val, true);
  await writeSplit(files[2].path, test, TTV.test, false);
  await writeFile(files[3].path, `id,is_signal\n${test.map((j, i) => `${i},${j.isSignal ? 1 : 0}`).join("\n")}\n`);
  // The code phase: the same test jets as hidden inputs (read only in the ingestion sandbox), and an ONNX baseline.
  files.push(
    { name: CODE_INPUTS, dataset: "Code phase", access: "TRUTH", path: path.join(dir, CODE_INPUTS) },
    { name: ONNX_BASELINE, dataset: "Code phase", access: "PUBLIC", path: path.join(dir, ONNX_BASELINE) },
  );
  await copyFile(files[2].path, files[4].path);
  await writeFile(files[5].path, onnxBaseline());
  return files;
}

export const CODE_INPUTS = "code_inputs.h5";
export const ONNX_BASELINE = "baseline_model.onnx";

/**
 * The code phase's ONNX baseline: one linear layer on the constituents'
 * four-momenta (the harness feeds them in the table's order, E_0, PX_0, …),
 * scoring how much energy the next nine constituents carry against the
 * leading one: a top quark's three prongs share it, a QCD jet's leading
 * constituent takes most of it.
 */
export function onnxBaseline(): Uint8Array {
  const nIn = 4 * MAX_CONSTITUENTS;
  const weights = new Float64Array(nIn);
  weights[0] = -1;
  for (let c = 1; c < 10; c++) weights[4 * c] = 1;
  return mlpOnnx([{ name: "dense", weights, bias: [0], nIn, nOut: 1 }]);
}
