// `npm run bench` (part 2): the FPGA estimator against published hls4ml
// syntheses, and the time to score a model.
//
// The published figures are the jet tagger 16→64→32→32→5 (ReLU, softmax) on
// a Xilinx VU9P at 200 MHz, reuse factor 1, from Coelho et al., "Automatic
// heterogeneous quantization of deep neural networks for low-latency
// inference on the edge for particle detectors", Nature Machine Intelligence
// 3 (2021) 675, arXiv:2006.10159, the jet-tagging results table (as
// reproduced in the IML talk in the project's seed documents). Their weights are not published with the
// table, so the models estimated here have the same architecture, precision
// and sparsity, trained on this project's synthetic jets: the comparison
// tests the formulas, not a bit-identical model.
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { generateJets } from "@unblind/challenges/fpga-jet-tagging/generate-jets.ts";
import { pruneSmallest, trainMlp } from "@unblind/challenges/fpga-jet-tagging/train-mlp.ts";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { evaluateModel, scoreFpgaJetTagging, type JetTruth } from "../src/challenges/fpga-jet-tagging.ts";
import { mlpModel, mlpOnnx, type MlpLayer } from "../src/fpga/build-mlp.ts";
import { DEFAULT_FPGA_CONFIG } from "../src/fpga/fpga-config.ts";
import { parseManifest } from "../src/fpga/manifest.ts";
import { readNetwork } from "../src/fpga/network.ts";
import { estimateResources } from "../src/fpga/resource-estimate.ts";
import { fitStandardScaler, standardise } from "../src/fpga/input-scaling.ts";

interface Published {
  name: string;
  dsp: number;
  lut: number;
  cycles: number;
  layers: (trained: MlpLayer[]) => MlpLayer[];
  inputQuant?: { bits: number; scale: number };
}

/** QKeras quantized_bits(6, 0): 6 bits, step 2^-5; quantized_relu(6): 6 unsigned bits. */
const qkeras6 = (layers: MlpLayer[]) =>
  layers.map((l, i) => ({
    ...l,
    quant: {
      weightBits: 6,
      weightScale: 2 ** -5,
      ...(i < layers.length - 1 ? { activationBits: 6, activationScale: 2 ** -4 } : {}),
    },
  }));

const PUBLISHED: Published[] = [
  { name: "Baseline: ap_fixed<16,6>", dsp: 1826, lut: 48321, cycles: 9, layers: (t) => t },
  {
    name: "Baseline pruned (70 % of weights zero)",
    dsp: 526,
    lut: 17577,
    cycles: 14,
    layers: (t) => pruneSmallest(t, 0.7),
  },
  { name: "QKeras 6-bit weights and activations", dsp: 124, lut: 39782, cycles: 11, layers: qkeras6 },
];

const train = generateJets(20261123, 20000);
const scaling = fitStandardScaler(train.features, 16);
const trained = trainMlp(standardise(train.features, scaling), train.labels, {
  sizes: [16, 64, 32, 32, 5],
  epochs: 6,
  seed: 3,
});
const rel = (est: number, pub: number) => `${est >= pub ? "+" : ""}${((100 * (est - pub)) / pub).toFixed(0)} %`;

console.log(`FPGA estimator against arXiv:2006.10159 (16→64→32→32→5, VU9P, 200 MHz, R = 1); ${cpus().length} cores`);
console.log(`${"model".padEnd(42)} ${"DSP pub/est (err)".padEnd(26)} ${"LUT pub/est (err)".padEnd(30)} cycles pub/est`);
for (const p of PUBLISHED) {
  const net = readNetwork(mlpModel(p.layers(trained), { inputQuant: p.inputQuant }), parseManifest("{}"));
  const e = estimateResources(net, { strategy: "Latency", clockNs: 5 });
  console.log(
    `${p.name.padEnd(42)} ${`${p.dsp} / ${e.dsp} (${rel(e.dsp, p.dsp)})`.padEnd(26)} ${`${p.lut} / ${e.lut} (${rel(e.lut, p.lut)})`.padEnd(30)} ${p.cycles} / ${e.latencyCycles}`,
  );
}

// Scoring time: the baseline-size model on a growing test set, in this process (the sandbox adds ~0.1 s).
const dir = mkdtempSync(path.join(tmpdir(), "unblind-fpga-bench-"));
const model = path.join(dir, "model.tar.gz");
writeFileSync(
  model,
  tarGz({ "model.onnx": mlpOnnx(trained), "manifest.json": JSON.stringify({ inputScaling: scaling }) }),
);
for (const rows of [10_000, 100_000, 1_000_000]) {
  const test = generateJets(7, rows);
  const truth: JetTruth = {
    ids: Float64Array.from(test.labels, (_, i) => i),
    labels: test.labels,
    features: test.features,
  };
  const t0 = performance.now();
  const evaluated = await evaluateModel(model, truth, DEFAULT_FPGA_CONFIG);
  const scores = scoreFpgaJetTagging(truth.labels, evaluated, undefined, DEFAULT_FPGA_CONFIG, {
    replicates: { resamples: 200, seed: 1 },
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${`score a 16→64→32→32→5 model on ${rows.toLocaleString("en")} jets (fixed point + float runs, 200 replicates)`.padEnd(100)}${seconds.toFixed(2)} s   accuracy ${scores.accuracy.toFixed(4)}`,
  );
}
