// Baseline: a 16→32→32→5 ReLU network trained on train.csv, in hls4ml's
// default precision ap_fixed<16,6>, each multiplier used twice (reuse factor
// 2: half the DSPs for one more cycle per layer), written as the submission
// archive (model.onnx + manifest.json, gzipped tar) on stdout. The features
// are standardised first, as the hls4ml tutorial does with StandardScaler;
// the manifest carries that scaling (inputScaling) for the scorer.
import { readJetTruth } from "@unblind/scoring/challenges/fpga-jet-tagging.ts";
import { mlpOnnx } from "@unblind/scoring/fpga/build-mlp.ts";
import { fitStandardScaler, standardise } from "@unblind/scoring/fpga/input-scaling.ts";
import { JET_FEATURES } from "@unblind/scoring/fpga/jet-features.ts";
import { trainMlp } from "./train-mlp.ts";
import { tarGz } from "./write-bundle.ts";

export const BASELINE_MANIFEST = { strategy: "Latency", precision: "ap_fixed<16,6>", reuseFactor: 2 };

export async function fpgaJetBaseline(input: string, write: (chunk: string | Uint8Array) => void): Promise<void> {
  const { features, labels } = await readJetTruth(input);
  const inputScaling = fitStandardScaler(features, JET_FEATURES.length);
  const layers = trainMlp(standardise(features, inputScaling), labels, {
    sizes: [JET_FEATURES.length, 32, 32, 5],
    epochs: 8,
    seed: 7,
  });
  const manifest = { ...BASELINE_MANIFEST, inputScaling };
  write(tarGz({ "model.onnx": mlpOnnx(layers), "manifest.json": `${JSON.stringify(manifest, null, 2)}\n` }));
}
