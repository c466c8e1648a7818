// Baseline: a 16→32→32→5 ReLU network trained on train.csv, in hls4ml's
// default precision ap_fixed<16,6>, each multiplier used twice (reuse factor
// 2: half the DSPs for one more cycle per layer), written as the submission
// archive (model.onnx + manifest.json, gzipped tar) on stdout.
import { readFile } from "node:fs/promises";
import { mlpOnnx } from "@unblind/scoring/fpga/build-mlp.ts";
import { JET_FEATURES } from "@unblind/scoring/fpga/jet-features.ts";
import { trainMlp } from "./train-mlp.ts";
import { tarGz } from "./write-bundle.ts";

export const BASELINE_MANIFEST = { strategy: "Latency", precision: "ap_fixed<16,6>", reuseFactor: 2 };

/** Rows of a jet CSV (`id,label,<features>`) as features and labels. */
export function parseJetCsv(text: string): { features: Float32Array; labels: Uint8Array } {
  const lines = text.trim().split("\n").slice(1);
  const width = JET_FEATURES.length;
  const features = new Float32Array(lines.length * width);
  const labels = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const f = line.split(",");
    labels[i] = Number(f[1]);
    for (let k = 0; k < width; k++) features[i * width + k] = Number(f[k + 2]);
  });
  return { features, labels };
}

export async function fpgaJetBaseline(input: string, write: (chunk: string | Uint8Array) => void): Promise<void> {
  const { features, labels } = parseJetCsv(await readFile(input, "utf8"));
  const layers = trainMlp(features, labels, { sizes: [JET_FEATURES.length, 32, 32, 5], epochs: 8, seed: 7 });
  write(tarGz({ "model.onnx": mlpOnnx(layers), "manifest.json": `${JSON.stringify(BASELINE_MANIFEST, null, 2)}\n` }));
}
