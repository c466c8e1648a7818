// The published hls4ml syntheses the FPGA estimator is calibrated against,
// and models shaped like them: the jet tagger 16→64→32→32→5 (ReLU, softmax)
// on a Xilinx VU9P at 200 MHz, reuse factor 1, from Coelho et al.,
// "Automatic heterogeneous quantization of deep neural networks for
// low-latency inference on the edge for particle detectors", Nature Machine
// Intelligence 3 (2021) 675, arXiv:2006.10159, the jet-tagging results table
// (as reproduced in the IML talk in the project's seed documents). Their
// weights are not published with the table, so the models estimated here have
// the same architecture, precision, sparsity and layers, trained on this
// project's synthetic jets: the comparison tests the formulas, not a
// bit-identical model. Used by `npm run bench` and by
// scoring/test/fpga-calibration.test.ts.
import { generateJets } from "@unblind/challenges/fpga-jet-tagging/generate-jets.ts";
import { pruneSmallest, reinitialised, trainMlp } from "@unblind/challenges/fpga-jet-tagging/train-mlp.ts";
import { mlpModel, type MlpLayer } from "../src/fpga/build-mlp.ts";
import { fitStandardScaler, standardise } from "../src/fpga/input-scaling.ts";
import { parseManifest } from "../src/fpga/manifest.ts";
import { readNetwork } from "../src/fpga/network.ts";
import { estimateResources, type ResourceEstimate } from "../src/fpga/resource-estimate.ts";

export interface Published {
  name: string;
  dsp: number;
  lut: number;
  cycles: number;
  layers: MlpLayer[];
}

const train = generateJets(20261123, 20000);
export const scaling = fitStandardScaler(train.features, 16);
const X = standardise(train.features, scaling);
const SIZES = [16, 64, 32, 32, 5];
export const trained = trainMlp(X, train.labels, { sizes: SIZES, epochs: 6, seed: 3 });
// Pruned: the 70 % smallest weights removed, then the network retrained with that mask from fresh weights, so
// that the surviving weights re-learn as pruning during training leaves them (not the dense network's largest).
const pruned = trainMlp(X, train.labels, {
  sizes: SIZES,
  epochs: 6,
  seed: 4,
  start: reinitialised(pruneSmallest(trained, 0.7), 5),
});

/**
 * The same function written as QKeras writes it: each hidden Dense layer
 * normalised (weights and bias divided by the standard deviation of its
 * output on the training jets) and followed by a BatchNormalization that
 * restores it; hls4ml does not fold such a BatchNormalization into a
 * quantised Dense layer.
 */
function withBatchNorm(layers: MlpLayer[], x: Float32Array): MlpLayer[] {
  let inputs = Float64Array.from(x);
  return layers.map((l, index) => {
    const rows = inputs.length / l.nIn;
    const z = new Float64Array(rows * l.nOut);
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < l.nOut; o++) {
        let v = l.bias?.[o] ?? 0;
        for (let i = 0; i < l.nIn; i++) v += inputs[r * l.nIn + i] * l.weights[i * l.nOut + o];
        z[r * l.nOut + o] = v;
      }
    inputs = z.map((v) => Math.max(0, v));
    if (index === layers.length - 1) return l;
    const mean = Array.from({ length: l.nOut }, (_, o) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += z[r * l.nOut + o];
      return s / rows;
    });
    const std = mean.map((m, o) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += (z[r * l.nOut + o] - m) ** 2;
      return Math.sqrt(s / rows) || 1;
    });
    return {
      ...l,
      weights: Float64Array.from(l.weights, (w, k) => w / std[k % l.nOut]),
      bias: Float64Array.from({ length: l.nOut }, (_, o) => ((l.bias?.[o] ?? 0) - mean[o]) / std[o]),
      batchNorm: {
        scale: std.map((s) => s * Math.sqrt(1 + 1e-3)),
        bias: mean,
        mean: mean.map(() => 0),
        variance: mean.map(() => 1),
      },
    };
  });
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

export const PUBLISHED: Published[] = [
  { name: "Baseline: ap_fixed<16,6>", dsp: 1826, lut: 48321, cycles: 9, layers: trained },
  { name: "Baseline pruned (70 % of weights zero)", dsp: 526, lut: 17577, cycles: 14, layers: pruned },
  {
    name: "QKeras 6-bit, with BatchNormalization",
    dsp: 124,
    lut: 39782,
    cycles: 11,
    layers: qkeras6(withBatchNorm(trained, X)),
  },
];

export interface CalibrationRow {
  published: Published;
  estimate: ResourceEstimate;
}

/** Each published synthesis with the estimate of its model (hls4ml's defaults: ap_fixed<16,6>, Latency, R = 1). */
export function calibrationRows(): CalibrationRow[] {
  return PUBLISHED.map((published) => ({
    published,
    estimate: estimateResources(readNetwork(mlpModel(published.layers), parseManifest("{}")), {
      strategy: "Latency",
      clockNs: 5,
    }),
  }));
}
