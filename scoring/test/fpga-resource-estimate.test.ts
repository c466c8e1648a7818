// Resource counts of small models, computed by hand from the formulas in
// resource-estimate.ts (each expected value is written out as its sum; LUTs
// of adders at ADDER_LUTS_PER_BIT each bit).
import assert from "node:assert/strict";
import { closestReuseFactor, validReuseFactors } from "../src/fpga/network.ts";
import { describe, it } from "node:test";
import { csdDigits, effectiveBits, parseFixedType, quantize, significantBits, toRaw } from "../src/fpga/fixed-point.ts";
import { mlpModel, type MlpLayer } from "../src/fpga/build-mlp.ts";
import { parseManifest } from "../src/fpga/manifest.ts";
import { readNetwork } from "../src/fpga/network.ts";
import { ADDER_LUTS_PER_BIT, estimateResources } from "../src/fpga/resource-estimate.ts";

const F = 2 ** -10; // ap_fixed<16,6>: 10 fractional bits

/**
 * A 2→2 layer with raw weights, in units of 2^-10: 301 (odd: 10 effective bits), 0 (pruned), 192 = 3·2⁶ (3
 * effective bits) and 512 = 2⁹ (a shift).
 */
const layer: MlpLayer = { name: "fc1", nIn: 2, nOut: 2, weights: [301 * F, 0, 192 * F, 512 * F], bias: [0, 0] };
const K = ADDER_LUTS_PER_BIT;

function estimate(layers: MlpLayer[], manifest: object) {
  const m = parseManifest(JSON.stringify(manifest));
  return estimateResources(readNetwork(mlpModel(layers), m), { strategy: m.strategy, clockNs: 5 });
}

describe("hls4ml resource estimate", () => {
  it("R = 1: zero weights removed; a DSP for a constant of 9 effective bits or more, shift-and-add below", () => {
    const e = estimate([layer], {});
    // 301 needs 10 bits: a DSP. 192 = 3·2⁶: 3 = 4 − 1, one adder of 16 + 3 bits. 512: a shift. 0: removed.
    assert.equal(e.dsp, 1);
    // Adder bits: that adder, and one 16-bit adder per product (the tree and the bias), at K LUTs per bit.
    assert.equal(e.lut, Math.round((16 + 3 + 3 * 16) * K));
    assert.equal(e.ff, 3 * 16 + 2 * 16); // a register per multiplier output and per layer output
    assert.equal(e.bram18k, 0);
    assert.equal(e.latencyCycles, 1 + (1 + 1)); // input register + (R + 1)
    assert.equal(e.latencyNs, 15);
    assert.equal(e.intervalCycles, 1);
    // BOPs = m·n·((1 − f_p)·b_a·b_w + b_a + b_w + log2 n) with f_p = 1/4
    assert.equal(e.bops, 2 * 2 * (0.75 * 16 * 16 + 16 + 16 + 1));
    assert.deepEqual(
      e.layers.map((l) => [l.multiplications, l.nonZero, l.multipliers]),
      [[4, 3, 3]],
    );
  });

  it("R = 2: ⌈non-zero/R⌉ multipliers at the declared width, a weight ROM, II = R", () => {
    const e = estimate([layer], { reuseFactor: 2 });
    assert.equal(e.dsp, 2); // ⌈3/2⌉ multipliers of 16-bit weights read from memory: one DSP each
    // accumulators (multipliers + bias adds) at K LUTs per bit, then the ROM: 16 bits × ⌈2/64⌉ LUTs per multiplier
    assert.equal(e.lut, Math.round((2 + 2) * 16 * K + 2 * 16 * 1));
    assert.equal(e.ff, 2 * 16 + 2 * 16);
    assert.equal(e.latencyCycles, 1 + (2 + 1));
    assert.equal(e.intervalCycles, 2);
  });

  it("weights under 9 bits go to LUTs; a multiplier of wide weights is one DSP, as hls4ml counts it", () => {
    // ap_fixed<8,3>, 5 fractional bits: 301·2⁻¹⁰ → 9 (8 + 1: an adder of 8 + 5 bits), 192·2⁻¹⁰ → 6 = 3·2 (an adder
    // of 8 + 3 bits), 512·2⁻¹⁰ → 16 (a shift); three 8-bit accumulation adders.
    const constant = estimate([layer], { precision: "ap_fixed<8,3>" });
    assert.deepEqual([constant.dsp, constant.lut], [0, Math.round((8 + 5 + (8 + 3) + 3 * 8) * K)]);
    const narrow = estimate([layer], { reuseFactor: 2, precision: "ap_fixed<8,3>" });
    assert.equal(narrow.dsp, 0);
    assert.equal(narrow.layers[0].nonZero, 3);
    // two LUT multipliers of ⌈8·8/2⌉, the accumulators, the ROM
    assert.equal(narrow.lut, Math.round(2 * Math.ceil((8 * 8) / 2) + (2 + 2) * 8 * K + 2 * 8 * 1));
    const wide = estimate([layer], { reuseFactor: 2, layers: { fc1: { precision: { weight: "ap_fixed<27,10>" } } } });
    assert.equal(wide.dsp, 2); // two multipliers, one DSP each (16×27 included)
  });

  it("BatchNormalization: a multiplication by its folded scale per value (DSP or shift-and-add) and the shift's adder", () => {
    // γ/√(var + ε) at ap_fixed<16,6>: 4/√1.001 → 4093 (13 bits: a DSP), 0.0625/√1.001 → 63 = 64 − 1 (an adder of 16 + 7).
    const withNorm: MlpLayer = {
      ...layer,
      batchNorm: { scale: [4, 0.0625], bias: [0.5, 0], mean: [0, 0], variance: [1, 1] },
      activation: "Relu",
    };
    const net = readNetwork(mlpModel([withNorm]), parseManifest("{}"));
    const norm = net.layers[1];
    assert.ok(norm.kind === "batchnorm");
    assert.deepEqual([...norm.scaleRaw], [4093, 63]);
    const e = estimateResources(net, { strategy: "Latency", clockNs: 5 }).layers[1];
    assert.deepEqual(
      [e.type, e.dsp, e.lut, e.ff, e.latencyCycles],
      ["BatchNormalization", 1, (2 * 16 + (16 + 7)) * K, 2 * 16, 0],
    );
    assert.throws(
      () =>
        readNetwork(
          mlpModel([{ ...withNorm, batchNorm: { ...withNorm.batchNorm!, variance: [1] } }]),
          parseManifest("{}"),
        ),
      /BatchNormalization "fc1_bn"\): its var "fc1_bn_var" must have 2 values, not 1/,
    );
  });

  it("Resource strategy keeps zero weights and puts the weights in BRAM for any R > 1", () => {
    const big: MlpLayer = {
      name: "fc1",
      nIn: 16,
      nOut: 8,
      weights: Array.from({ length: 128 }, (_, i) => (i % 2 ? 0 : 0.5)),
    };
    const e = estimate([big], { strategy: "Resource", reuseFactor: 64 });
    assert.equal(e.layers[0].multipliers, 2); // 128/64, zeros included
    assert.equal(e.bram18k, Math.ceil((2 * 16) / 36) * Math.ceil(64 / 512));
    assert.equal(e.latencyCycles, 1 + (64 + 3));
    const small = estimate([big], { strategy: "Resource", reuseFactor: 2 });
    assert.equal(small.bram18k, Math.ceil((64 * 16) / 36), "R = 2: one memory 64 multipliers × 16 bits wide");
    assert.equal(estimate([big], { strategy: "Resource", reuseFactor: 1 }).bram18k, 0, "R = 1: no memory");
  });

  it("takes the reuse factors hls4ml takes: any under Latency, the closest valid one under Resource", () => {
    // hls4ml's Resource rule for 8 inputs × 5 outputs: 1, 2, 4, 8, 40 (R | 40, and R < 8 with 40/R a multiple of 5, or 8 | R).
    assert.deepEqual(validReuseFactors(8, 5), [1, 2, 4, 8, 40]);
    assert.equal(closestReuseFactor([1, 2, 4, 8, 40], 3), 2, "equally close: the smaller");
    assert.equal(closestReuseFactor([1, 2, 4, 8, 40], 30), 40);
    const layer85: MlpLayer = { name: "fc1", nIn: 8, nOut: 5, weights: Array.from({ length: 40 }, () => 0.5) };
    assert.equal(estimate([layer85], { reuseFactor: 3 }).layers[0].reuseFactor, 3, "Latency: as given");
    const moved = estimate([layer85], { strategy: "Resource", reuseFactor: 3 }).layers[0];
    assert.equal(moved.reuseFactor, 2);
    assert.match(moved.note!, /ReuseFactor 3 is not valid for 8×5 under the Resource strategy; hls4ml uses 2/);
  });

  it("activations: ReLU in LUTs, softmax with two lookup tables", () => {
    const e = estimate(
      [
        { ...layer, activation: "Relu" },
        { name: "fc2", nIn: 2, nOut: 2, weights: [F, F, F, F], activation: "Softmax" },
      ],
      {},
    );
    const [, relu, , softmax] = e.layers;
    assert.deepEqual([relu.type, relu.lut, relu.ff, relu.latencyCycles], ["Relu", 2 * 8, 2 * 16, 0]);
    assert.deepEqual([softmax.type, softmax.bram18k, softmax.latencyCycles], ["Softmax", 2, 3]);
    assert.equal(e.latencyCycles, 1 + 2 + 0 + 2 + 3);
  });

  it("QONNX: the Quant node's bit width and integers replace the declared type", () => {
    const m = mlpModel([{ ...layer, weights: [0.75, 0, 0.25, -0.5], quant: { weightBits: 4, weightScale: 0.25 } }]);
    const net = readNetwork(m, parseManifest("{}"));
    assert.equal(net.qonnx, true);
    const dense = net.layers[0];
    assert.ok(dense.kind === "dense");
    assert.equal(dense.weightBits, 4);
    assert.deepEqual([...dense.weightRaw], [3, 0, 1, -2]);
    const e = estimateResources(net, { strategy: "Latency", clockNs: 5 });
    // 3 = 4 − 1: one adder of 16 + 3 bits; 1 and −2 are shifts; then three 16-bit accumulation adders.
    assert.equal(e.dsp, 0);
    assert.equal(e.lut, Math.round((19 + 3 * 16) * K));
  });
});

describe("fixed-point types", () => {
  it("parses hls4ml's types and quantises as ap_fixed does (AP_TRN, AP_WRAP by default)", () => {
    const t = parseFixedType("ap_fixed<16,6>");
    assert.deepEqual([t.signed, t.width, t.integer, t.rounding, t.overflow], [true, 16, 6, "AP_TRN", "AP_WRAP"]);
    assert.equal(quantize(t, 0.30000001), 307 / 1024); // floor(307.2)
    assert.equal(quantize(t, -0.3), -308 / 1024); // floor(−307.2): truncation goes down
    assert.equal(quantize(t, 32), -32); // wraps around
    assert.equal(quantize(parseFixedType("ap_fixed<16,6,AP_RND,AP_SAT>"), 40), 32 - 1 / 1024);
    assert.equal(quantize(parseFixedType("ap_fixed<8,3,AP_RND_CONV>"), 2.5 / 32), 2 / 32); // half to even
    assert.equal(toRaw(parseFixedType("ap_ufixed<4,4>"), 17), 1);
    assert.throws(() => parseFixedType("float"), /not a fixed-point type/);
    assert.throws(() => parseFixedType("ap_fixed<16,6,AP_RND_ZERO>"), /AP_RND_ZERO is not supported/);
  });

  it("sizes constants by their two's-complement bits and canonical signed digits", () => {
    assert.deepEqual([1, 127, 128, -128, -129, -1].map(significantBits), [2, 8, 9, 8, 9, 1]);
    // Narrowed by HLS: trailing zeros are a shift (80 = 5·2⁴ needs the 4 bits of 5).
    assert.deepEqual([1, 3, 80, 300, 301, -4, 255].map(effectiveBits), [2, 3, 4, 8, 10, 1, 9]);
    assert.deepEqual([0, 1, 3, 5, 7, 11, 255].map(csdDigits), [0, 1, 2, 2, 2, 3, 2]);
  });
});
