// A small multilayer perceptron trainer (ReLU hidden layers, softmax
// cross-entropy, Adam, mini-batches), enough for the baseline and the
// calibration model. Deterministic for a seed.
import type { MlpLayer } from "@unblind/scoring/fpga/build-mlp.ts";
import { Random } from "../shared/random.ts";

export interface TrainOptions {
  sizes: number[];
  epochs: number;
  batch?: number;
  learningRate?: number;
  seed?: number;
  /** Start from these layers instead of a random initialisation; their zero weights stay zero (a pruned network). */
  start?: MlpLayer[];
}

export function trainMlp(
  features: Float32Array,
  labels: Uint8Array,
  { sizes, epochs, batch = 128, learningRate = 3e-3, seed = 1, start }: TrainOptions,
): MlpLayer[] {
  const r = new Random(seed);
  const L = sizes.length - 1;
  const W = Array.from({ length: L }, (_, l) =>
    start
      ? Float64Array.from(start[l].weights)
      : Float64Array.from({ length: sizes[l] * sizes[l + 1] }, () => r.normal(0, Math.sqrt(2 / sizes[l]))),
  );
  const B = Array.from({ length: L }, (_, l) =>
    start?.[l].bias ? Float64Array.from(start[l].bias) : new Float64Array(sizes[l + 1]),
  );
  const pruned = start && W.map((w) => Uint8Array.from(w, (v) => (v === 0 ? 1 : 0)));
  const adam = [...W, ...B].map((p) => ({ m: new Float64Array(p.length), v: new Float64Array(p.length) }));
  const gW = W.map((w) => new Float64Array(w.length));
  const gB = B.map((b) => new Float64Array(b.length));
  const acts = sizes.map((s) => new Float64Array(s));
  const deltas = sizes.map((s) => new Float64Array(s));
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let first = 0; first < n; first += batch) {
      gW.forEach((g) => g.fill(0));
      gB.forEach((g) => g.fill(0));
      const end = Math.min(n, first + batch);
      for (let b = first; b < end; b++) {
        const row = order[b];
        for (let k = 0; k < sizes[0]; k++) acts[0][k] = features[row * sizes[0] + k];
        for (let l = 0; l < L; l++) forward(acts[l], W[l], B[l], acts[l + 1], sizes[l], sizes[l + 1], l < L - 1);
        softmax(acts[L]);
        for (let k = 0; k < sizes[L]; k++) deltas[L][k] = acts[L][k] - (k === labels[row] ? 1 : 0);
        for (let l = L - 1; l >= 0; l--) {
          const nIn = sizes[l];
          const nOut = sizes[l + 1];
          for (let o = 0; o < nOut; o++) gB[l][o] += deltas[l + 1][o];
          for (let i = 0; i < nIn; i++) {
            let d = 0;
            for (let o = 0; o < nOut; o++) {
              gW[l][i * nOut + o] += acts[l][i] * deltas[l + 1][o];
              d += W[l][i * nOut + o] * deltas[l + 1][o];
            }
            deltas[l][i] = l > 0 && acts[l][i] <= 0 ? 0 : d;
          }
        }
      }
      step++;
      const scale = 1 / (end - first);
      [...W, ...B].forEach((p, k) => adamStep(p, k < L ? gW[k] : gB[k - L], adam[k], scale, learningRate, step));
      if (pruned) for (let l = 0; l < L; l++) for (let k = 0; k < W[l].length; k++) if (pruned[l][k]) W[l][k] = 0;
    }
  }
  return W.map((w, l) => ({
    name: `fc${l + 1}`,
    nIn: sizes[l],
    nOut: sizes[l + 1],
    weights: w,
    bias: B[l],
    activation: l < L - 1 ? "Relu" : "Softmax",
  }));
}

function forward(
  x: Float64Array,
  w: Float64Array,
  b: Float64Array,
  y: Float64Array,
  nIn: number,
  nOut: number,
  relu: boolean,
): void {
  for (let o = 0; o < nOut; o++) y[o] = b[o];
  for (let i = 0; i < nIn; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let o = 0; o < nOut; o++) y[o] += xi * w[i * nOut + o];
  }
  if (relu) for (let o = 0; o < nOut; o++) if (y[o] < 0) y[o] = 0;
}

function softmax(y: Float64Array): void {
  const max = Math.max(...y);
  let s = 0;
  for (let k = 0; k < y.length; k++) s += y[k] = Math.exp(y[k] - max);
  for (let k = 0; k < y.length; k++) y[k] /= s;
}

function adamStep(
  p: Float64Array,
  g: Float64Array,
  state: { m: Float64Array; v: Float64Array },
  scale: number,
  lr: number,
  t: number,
): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] * scale;
    state.m[i] = b1 * state.m[i] + (1 - b1) * gi;
    state.v[i] = b2 * state.v[i] + (1 - b2) * gi * gi;
    p[i] -= (lr * (state.m[i] / c1)) / (Math.sqrt(state.v[i] / c2) + 1e-8);
  }
}

/**
 * The same connections with fresh weights (He initialisation) and zero
 * biases: retrained with `start`, a pruned network whose surviving weights
 * re-learn, as pruning during training leaves them.
 */
export function reinitialised(layers: MlpLayer[], seed: number): MlpLayer[] {
  const r = new Random(seed);
  return layers.map((l) => ({
    ...l,
    weights: Float64Array.from(l.weights, (w) => (w === 0 ? 0 : r.normal(0, Math.sqrt(2 / l.nIn)))),
    bias: new Float64Array(l.nOut),
  }));
}

/** Zeroes the smallest-magnitude weights of each layer (magnitude pruning, as in Duarte et al. 2018). */
export function pruneSmallest(layers: MlpLayer[], fraction: number): MlpLayer[] {
  return layers.map((l) => {
    const w = Float64Array.from(l.weights);
    const sorted = Float64Array.from(w, Math.abs).sort();
    const cut = sorted[Math.floor(fraction * sorted.length)];
    return { ...l, weights: w.map((v) => (Math.abs(v) < cut ? 0 : v)) };
  });
}
