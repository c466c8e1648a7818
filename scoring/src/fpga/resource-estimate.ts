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
// - DSP, constant weights (Latency strategy, R = 1): HLS narrows each
//   constant to its effective width (its odd part in two's complement:
//   trailing zeros are a free shift, leading sign bits dropped; Vivado HLS's
//   reports show such narrowed multipliers) and a multiplication by a
//   constant of 9 bits or more takes one DSP48, the threshold hls4ml's own
//   estimator applies to the declared width (VivadoDSPEstimator: width < 9
//   → no DSP). Below it the multiplication is a shift-and-add in LUTs: one
//   adder of (b_a + effective bits) per non-zero digit of the weight's
//   canonical signed-digit form beyond the first.
// - DSP, weights read from memory (R > 1, or the Resource strategy): one
//   DSP48 per multiplier when the weights' type has 9 bits or more (however
//   wide the operands, as hls4ml counts it; UG579), else a LUT multiplier of
//   ⌈b_a·b_w/2⌉ LUTs.
// - LUT, adders: one b_acc-bit adder per multiplication (R = 1: the adder
//   tree and the bias) or per multiplier plus n_out bias adds (R > 1), and
//   the shift-and-add adders above, at ADDER_LUTS_PER_BIT LUTs per adder bit:
//   synthesis packs adder bits (LUT6_2, CARRY8 and ternary adders, UG574)
//   at about 0.32 LUT per bit on the published syntheses
//   (docs/fpga-resource-model.md: the one fitted constant). With R > 1 each
//   multiplier reads its R weights from a ROM: in LUTs (64 bits per LUT6,
//   UG574 "distributed RAM") unless the Resource strategy puts it in BRAM.
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
// BatchNormalization (hls4ml's normalize, not folded into a quantised Dense
// layer): one multiplication by a constant per value, a DSP or a
// shift-and-add by the rule above, and a b_res-bit adder for the shift; b_res
// FFs per value; no extra cycle (the multiply-add is absorbed in the
// preceding layer's output register stage, as the published QKeras model's
// 11 cycles show).
//
// Activations: ReLU ⌈b/2⌉ LUTs and b FFs per value, no extra cycle (merged
// into the next register stage). Sigmoid and tanh: a 1024-entry lookup table
// (one BRAM_18K), 1 cycle. Softmax: hls4ml's exp and 1/x tables (2
// BRAM_18K), b_res LUTs per value for the sum, 3 cycles (hls4ml
// nnet_activation.h, softmax_latency).
import { csdDigits, effectiveBits } from "./fixed-point.ts";
import type { DenseLayer, Layer, Network, NormLayer } from "./network.ts";

/** Effective constant width from which a multiplication takes a DSP48 (hls4ml's threshold: 9 bits). */
export const DSP_MIN_BITS = 9;
/** LUTs per adder bit after synthesis packing, fitted to the published syntheses (docs/fpga-resource-model.md). */
export const ADDER_LUTS_PER_BIT = 0.32;

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
 * One multiplication of a b_a-bit value by the constant `raw`: a DSP, or the
 * adder bits of its shift-and-add (zero for a power of two).
 */
export function constantMultiplication(inputBits: number, raw: number): { dsp: number; adderBits: number } {
  const bits = effectiveBits(raw);
  if (bits >= DSP_MIN_BITS) return { dsp: 1, adderBits: 0 };
  return { dsp: 0, adderBits: Math.max(0, csdDigits(raw) - 1) * (inputBits + bits) };
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
  let adderBits = 0;
  let bram18k = 0;
  if (R === 1 && strategy === "Latency") {
    // Constant weights: each multiplication is a DSP or a shift-and-add, by its weight's effective width.
    for (const q of d.weightRaw)
      if (q !== 0) {
        const m = constantMultiplication(d.inputBits, q);
        dsp += m.dsp;
        adderBits += m.adderBits;
      }
  } else if (d.weightBits >= DSP_MIN_BITS) dsp = multipliers;
  else lut += multipliers * Math.ceil((d.inputBits * d.weightBits) / 2);
  // The adder tree (R = 1: one adder per product, the bias included), or an accumulator per multiplier and the bias adds.
  adderBits += (R === 1 ? used : multipliers + d.nOut) * d.accumBits;
  lut += adderBits * ADDER_LUTS_PER_BIT;
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

function estimateNorm(n: NormLayer): LayerEstimate {
  let dsp = 0;
  let adderBits = n.size * n.resultBits; // the shift
  let nonZero = 0;
  for (const q of n.scaleRaw)
    if (q !== 0) {
      nonZero++;
      const m = constantMultiplication(n.inputBits, q);
      dsp += m.dsp;
      adderBits += m.adderBits;
    }
  return {
    name: n.name,
    type: "BatchNormalization",
    multiplications: n.size,
    nonZero,
    multipliers: nonZero,
    reuseFactor: 1,
    dsp,
    lut: adderBits * ADDER_LUTS_PER_BIT,
    ff: n.size * n.resultBits,
    bram18k: 0,
    latencyCycles: 0,
    bops: n.size * (n.inputBits * n.scaleBits + n.resultBits),
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
  const layers = net.layers.map((l) =>
    l.kind === "dense" ? estimateDense(l, strategy) : l.kind === "batchnorm" ? estimateNorm(l) : estimateActivation(l),
  );
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
