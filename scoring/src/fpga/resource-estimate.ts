// Estimated FPGA resources and latency of a network as hls4ml would build it
// (io_parallel, Latency or Resource strategy). Every formula, with its source;
// docs/fpga-resource-model.md compares the results with published syntheses.
//
// Dense layer, n_in inputs, n_out outputs, reuse factor R, input width b_a,
// weight width b_w, accumulator width b_acc, result width b_res:
//
// - Multiplications n_in·n_out, less the weights that are zero after
//   quantisation: with the Latency strategy the weights are constants and HLS
//   removes multiplications by zero (Duarte et al., JINST 13 (2018) P07027,
//   arXiv:1804.06913, §4 "network compression"). The Resource strategy keeps
//   them (the weights are read from memory).
// - Reuse factor: each multiplier is used R times, so ⌈(non-zero
//   multiplications)/R⌉ multipliers, and the initiation interval is R
//   (ibid. §3.3; hls4ml documentation, "Reuse factor").
// - DSP: 0 when the weights' type has fewer than 9 bits (the multiplications
//   move to LUTs), otherwise one DSP48 per multiplier, however wide the
//   operands (as hls4ml's estimate counts them; Xilinx UG579).
// - LUT: a multiplication in LUTs with constant weights (R = 1) is a
//   shift-and-add, one adder per non-zero digit of the weight's canonical
//   signed-digit form beyond the first, each (b_a + bits of the weight) wide
//   at one LUT per bit (carry chain, UG574 "CARRY8"); with R > 1 a LUT
//   multiplier takes ⌈b_a·b_w/2⌉ LUTs. Accumulation: one b_acc-bit adder per
//   multiplication (R = 1: the adder tree and the bias) or per multiplier
//   plus n_out bias adds (R > 1), b_acc LUTs each. With R > 1 each multiplier
//   reads its R weights from a ROM: in LUTs (64 bits per LUT6, UG574
//   "distributed RAM") unless the Resource strategy puts it in BRAM (R > 1).
// - FF: one b_acc-bit register per multiplier output (the pipeline) and
//   one b_res-bit register per output.
// - BRAM_18K (Resource strategy, R > 1): the multipliers' weight banks
//   packed 36 bits wide, ⌈multipliers·b_w/36⌉·⌈R/512⌉ (a BRAM18 is 512×36;
//   UG573).
// - Latency: R + 1 cycles (Latency strategy: multiply, then the adder tree,
//   registered) or R + 3 (Resource strategy); one more cycle for the input
//   register. Chosen so that the 4-layer jet tagger without softmax takes the
//   published 9 cycles (docs/fpga-resource-model.md compares).
// - BOPs (device independent): n_out·n_in·((1 − f_p)·b_a·b_w + b_a + b_w +
//   log2 n_in), f_p the fraction of zero weights (Baskin et al., ACM TOCS 37
//   (2021); as used by Hawks et al., Front. AI 4 (2021) 676564,
//   arXiv:2102.11289).
//
// Activations: ReLU ⌈b/2⌉ LUTs and b FFs per value, no extra cycle (merged
// into the next register stage). Sigmoid and tanh: a 1024-entry lookup table
// (one BRAM_18K), 1 cycle. Softmax: hls4ml's exp and 1/x tables (2
// BRAM_18K), b_res LUTs per value for the sum, 3 cycles (hls4ml
// nnet_activation.h, softmax_latency).
import { csdDigits, significantBits } from "./fixed-point.ts";
import type { DenseLayer, Layer, Network } from "./network.ts";

export interface Resources {
  dsp: number;
  lut: number;
  ff: number;
  bram18k: number;
}

export interface LayerEstimate extends Resources {
  name: string;
  type: string;
  multiplications: number;
  nonZero: number;
  multipliers: number;
  reuseFactor: number;
  latencyCycles: number;
  bops: number;
  /** What hls4ml changed (a reuse factor moved to a valid one). */
  note?: string;
}

export interface ResourceEstimate extends Resources {
  latencyCycles: number;
  latencyNs: number;
  intervalCycles: number;
  bops: number;
  layers: LayerEstimate[];
}

export interface EstimateOptions {
  strategy: "Latency" | "Resource";
  clockNs: number;
}

/**
 * DSP48E2 slices for one b_a × b_w multiplication: one, as hls4ml's estimate
 * counts it (a multiplier is a DSP however wide its operands; HLS may cascade
 * two for operands beyond 27×18, which the estimate does not model).
 */
export function dspPerMultiplication(_a: number, _b: number): number {
  return 1;
}

export function estimateDense(d: DenseLayer, strategy: EstimateOptions["strategy"]): LayerEstimate {
  const multiplications = d.nIn * d.nOut;
  let nonZero = 0;
  for (const q of d.weightRaw) if (q !== 0) nonZero++;
  const R = d.reuseFactor;
  const used = strategy === "Resource" ? multiplications : nonZero;
  const multipliers = Math.ceil(used / R);
  let dsp = 0;
  let lut = 0;
  let bram18k = 0;
  if (d.weightBits >= 9) dsp = multipliers * dspPerMultiplication(d.inputBits, d.weightBits);
  else if (R === 1 && strategy === "Latency") {
    // Constant weights: a shift-and-add per weight, one adder per extra signed digit.
    for (const q of d.weightRaw) if (q !== 0) lut += Math.max(0, csdDigits(q) - 1) * (d.inputBits + significantBits(q));
  } else lut += multipliers * Math.ceil((d.inputBits * d.weightBits) / 2);
  // The adder tree (R = 1: one adder per product, the bias included), or an accumulator per multiplier and the bias adds.
  lut += (R === 1 ? used : multipliers + d.nOut) * d.accumBits;
  // The Resource strategy keeps the weights in BRAM for any R > 1 (one memory, multipliers·b_w bits wide, R deep).
  if (R > 1 && strategy === "Resource") bram18k = Math.ceil((multipliers * d.weightBits) / 36) * Math.ceil(R / 512);
  else if (R > 1) lut += multipliers * d.weightBits * Math.ceil(R / 64);
  const ff = multipliers * d.accumBits + d.nOut * d.resultBits;
  const pruned = 1 - nonZero / multiplications;
  const bops =
    d.nOut * d.nIn * ((1 - pruned) * d.inputBits * d.weightBits + d.inputBits + d.weightBits + Math.log2(d.nIn));
  return {
    name: d.name,
    type: "Dense",
    multiplications,
    nonZero,
    multipliers,
    reuseFactor: R,
    dsp,
    lut,
    ff,
    bram18k,
    latencyCycles: R + (strategy === "Resource" ? 3 : 1),
    bops,
    ...(d.reuseFactorNote ? { note: d.reuseFactorNote } : {}),
  };
}

function estimateActivation(l: Extract<Layer, { kind: "activation" }>): LayerEstimate {
  const base = {
    name: l.name,
    type: l.op,
    multiplications: 0,
    nonZero: 0,
    multipliers: 0,
    reuseFactor: 1,
    dsp: 0,
    bops: 0,
  };
  switch (l.op) {
    case "Relu":
      return { ...base, lut: l.size * Math.ceil(l.bits / 2), ff: l.size * l.bits, bram18k: 0, latencyCycles: 0 };
    case "Softmax":
      return { ...base, lut: l.size * l.bits, ff: l.size * l.bits, bram18k: 2, latencyCycles: 3 };
    default:
      return { ...base, lut: l.size * l.bits, ff: l.size * l.bits, bram18k: 1, latencyCycles: 1 };
  }
}

export function estimateResources(net: Network, { strategy, clockNs }: EstimateOptions): ResourceEstimate {
  const layers = net.layers.map((l) => (l.kind === "dense" ? estimateDense(l, strategy) : estimateActivation(l)));
  const sum = (key: "dsp" | "lut" | "ff" | "bram18k" | "latencyCycles" | "bops") =>
    layers.reduce((s, l) => s + l[key], 0);
  const latencyCycles = 1 + sum("latencyCycles");
  return {
    dsp: sum("dsp"),
    lut: Math.round(sum("lut")),
    ff: Math.round(sum("ff")),
    bram18k: sum("bram18k"),
    latencyCycles,
    latencyNs: latencyCycles * clockNs,
    intervalCycles: Math.max(1, ...net.layers.map((l) => (l.kind === "dense" ? l.reuseFactor : 1))),
    bops: Math.round(sum("bops")),
    layers,
  };
}
