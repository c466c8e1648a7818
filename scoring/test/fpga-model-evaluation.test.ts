// End to end: small ONNX models built here, run by the scorer through
// onnxruntime, against an independent forward pass written in this file.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { deflateRawSync, gzipSync } from "node:zlib";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { evaluateModel, readJetTruth, scoreFpgaJetTagging } from "../src/challenges/fpga-jet-tagging.ts";
import { mlpModel, mlpOnnx, type MlpLayer } from "../src/fpga/build-mlp.ts";
import { DEFAULT_FPGA_CONFIG, parseFpgaConfig } from "../src/fpga/fpga-config.ts";
import { fitStandardScaler } from "../src/fpga/input-scaling.ts";
import { JET_FEATURES } from "../src/fpga/jet-features.ts";
import { writeOnnxModel } from "../src/fpga/onnx-model.ts";
import { InputError } from "../src/parse/input-error.ts";
import { Random } from "@unblind/challenges/shared/random.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-fpga-"));
const ROWS = 400;
const random = new Random(11);
// Inputs on a 2^-5 grid in [-4, 4): exactly representable, as are all the sums below.
const features = Float64Array.from({ length: ROWS * 16 }, () => Math.floor(random.next() * 256 - 128) / 32);
const labels = Uint8Array.from({ length: ROWS }, () => Math.floor(random.next() * 5));
const truthFile = path.join(dir, "truth.csv");
writeFileSync(
  truthFile,
  `${[`id,label,${JET_FEATURES.join(",")}`, ...Array.from(labels, (y, r) => `${r},${y},${Array.from(features.subarray(r * 16, r * 16 + 16)).join(",")}`)].join("\n")}\n`,
);

const grid = (scale: number) => () => (Math.floor(random.next() * 64) - 32) * scale;
const hidden: MlpLayer = {
  name: "fc1",
  nIn: 16,
  nOut: 8,
  weights: Array.from({ length: 128 }, grid(1 / 64)),
  bias: Array.from({ length: 8 }, grid(1 / 16)),
  activation: "Relu",
};
const out: MlpLayer = {
  name: "fc2",
  nIn: 8,
  nOut: 5,
  weights: Array.from({ length: 40 }, grid(1 / 64)),
  bias: Array.from({ length: 5 }, grid(1 / 16)),
};

function write(name: string, content: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** ap_fixed<W,I> cast with AP_TRN and AP_WRAP, written out independently of fixed-point.ts. */
function apFixed(x: number, W: number, I: number): number {
  const step = 2 ** (I - W);
  let raw = Math.floor(x / step);
  const half = 2 ** (W - 1);
  raw = ((((raw + half) % (2 * half)) + 2 * half) % (2 * half)) - half;
  return raw * step;
}

/**
 * The reference forward pass, as hls4ml's dense_latency computes a layer: the
 * bias cast to the accumulator type starts each sum, every product
 * data × weight is cast to the accumulator type on its own before it is added,
 * then the sum is cast to the result type; ReLU, cast. In float64.
 */
function reference(
  layers: MlpLayer[],
  cast: (x: number) => number,
  quantWeight: (w: number) => number,
  castInput = cast,
): Float64Array {
  const outputs = new Float64Array(ROWS * 5);
  for (let r = 0; r < ROWS; r++) {
    let x = Array.from(features.subarray(r * 16, r * 16 + 16), castInput);
    for (const l of layers) {
      const y = Array.from({ length: l.nOut }, (_, o) => cast(quantWeight(l.bias?.[o] ?? 0)));
      for (let i = 0; i < l.nIn; i++)
        for (let o = 0; o < l.nOut; o++) y[o] += cast(x[i] * quantWeight(l.weights[i * l.nOut + o]));
      x = y.map(cast).map((v) => (l.activation === "Relu" ? cast(Math.max(0, v)) : v));
    }
    outputs.set(x, r * 5);
  }
  return outputs;
}

function accuracyOf(outputs: ArrayLike<number>): number {
  let hits = 0;
  for (let r = 0; r < ROWS; r++) {
    let best = 0;
    for (let k = 1; k < 5; k++) if (outputs[r * 5 + k] > outputs[r * 5 + best]) best = k;
    if (best === labels[r]) hits++;
  }
  return hits / ROWS;
}

async function evaluate(file: string, config = DEFAULT_FPGA_CONFIG) {
  return evaluateModel(file, await readJetTruth(truthFile), config);
}

async function refusal(file: string): Promise<InputError> {
  try {
    await evaluate(file);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  assert.fail("expected the submission to be refused");
}

describe("FPGA model evaluation", () => {
  it("runs a plain model at its declared precision, exactly as the fixed-point forward pass", async () => {
    const manifest = { precision: "ap_fixed<12,6>" };
    const file = write(
      "plain.tar.gz",
      tarGz({ "model.onnx": mlpOnnx([hidden, out]), "manifest.json": JSON.stringify(manifest) }),
    );
    const evaluated = await evaluate(file);
    const cast = (x: number) => apFixed(x, 12, 6);
    assert.deepEqual(Array.from(evaluated.outputs), Array.from(reference([hidden, out], cast, cast)));
    assert.deepEqual(
      Array.from(evaluated.floatOutputs!),
      Array.from(
        reference(
          [hidden, out],
          (x) => x,
          (w) => w,
        ),
      ),
    );
    const scores = scoreFpgaJetTagging(labels, evaluated, undefined, DEFAULT_FPGA_CONFIG);
    assert.equal(scores.accuracy, accuracyOf(evaluated.outputs));
    assert.equal(scores.accuracyFloat, accuracyOf(evaluated.floatOutputs!));
    assert.equal(scores.fpga.quantisation, "declared fixed point");
  });

  it("runs a BatchNormalization as hls4ml's normalize: x·scale + shift at the declared types, then cast", async () => {
    const bn = {
      scale: Array.from({ length: 8 }, (_, k) => 0.5 + k / 4),
      bias: Array.from({ length: 8 }, (_, k) => (k - 4) / 8),
      mean: Array.from({ length: 8 }, (_, k) => k / 16),
      variance: Array.from({ length: 8 }, (_, k) => 1 + k / 2),
    };
    const file = write(
      "bn.tar.gz",
      tarGz({
        "model.onnx": mlpOnnx([{ ...hidden, batchNorm: bn }, out]),
        "manifest.json": JSON.stringify({ precision: "ap_fixed<12,6>" }),
      }),
    );
    const evaluated = await evaluate(file);
    const cast = (x: number) => apFixed(x, 12, 6);
    // The folded scale and shift from the stored float32 values (ONNX keeps float32; epsilon is Keras' 1e-3).
    const f32 = Math.fround;
    const s = bn.scale.map((g, k) => f32(g) / Math.sqrt(f32(bn.variance[k]) + f32(1e-3)));
    const scale = s.map(cast);
    const shift = bn.bias.map((b, k) => cast(f32(b) - f32(bn.mean[k]) * s[k]));
    const expected = new Float64Array(ROWS * 5);
    for (let r = 0; r < ROWS; r++) {
      const x = Array.from(features.subarray(r * 16, r * 16 + 16), cast);
      const h = Array.from({ length: 8 }, (_, o) => cast(hidden.bias![o]));
      for (let i = 0; i < 16; i++) for (let o = 0; o < 8; o++) h[o] += cast(x[i] * cast(hidden.weights[i * 8 + o]));
      const normed = h.map(cast).map((v, o) => cast(v * scale[o] + shift[o]));
      const a = normed.map((v) => cast(Math.max(0, v)));
      const y = Array.from({ length: 5 }, (_, o) => cast(out.bias![o]));
      for (let i = 0; i < 8; i++) for (let o = 0; o < 5; o++) y[o] += cast(a[i] * cast(out.weights[i * 5 + o]));
      expected.set(y.map(cast), r * 5);
    }
    assert.deepEqual(Array.from(evaluated.outputs), Array.from(expected));
    assert.equal(evaluated.estimate.layers.find((l) => l.type === "BatchNormalization")?.multiplications, 8);
  });

  it("standardises raw inputs with the manifest's inputScaling (StandardScaler.transform) before the input type", async () => {
    // Raw values x·2 + k/8 for feature k: (raw − k/8) / 2 gives back the grid values exactly.
    const scaling = { mean: JET_FEATURES.map((_, k) => k / 8), scale: JET_FEATURES.map(() => 2) };
    const raw = path.join(dir, "raw-truth.csv");
    writeFileSync(
      raw,
      `${[`id,label,${JET_FEATURES.join(",")}`, ...Array.from(labels, (y, r) => `${r},${y},${Array.from(features.subarray(r * 16, r * 16 + 16), (x, k) => x * 2 + k / 8).join(",")}`)].join("\n")}\n`,
    );
    const model = mlpOnnx([hidden, out]);
    const scaled = write(
      "scaled.tar.gz",
      tarGz({
        "model.onnx": model,
        "manifest.json": JSON.stringify({ precision: "ap_fixed<12,6>", inputScaling: scaling }),
      }),
    );
    const evaluated = await evaluateModel(scaled, await readJetTruth(raw), DEFAULT_FPGA_CONFIG);
    const cast = (x: number) => apFixed(x, 12, 6);
    assert.deepEqual(Array.from(evaluated.outputs), Array.from(reference([hidden, out], cast, cast)));
    assert.deepEqual(
      Array.from(evaluated.floatOutputs!),
      Array.from(
        reference(
          [hidden, out],
          (x) => x,
          (w) => w,
        ),
      ),
    );
    // The same model without the scaling reads the raw values: other outputs.
    const unscaled = await evaluateModel(
      write("unscaled.tar.gz", tarGz({ "model.onnx": model, "manifest.json": '{"precision": "ap_fixed<12,6>"}' })),
      await readJetTruth(raw),
      DEFAULT_FPGA_CONFIG,
    );
    assert.notDeepEqual(Array.from(unscaled.outputs), Array.from(evaluated.outputs));
  });

  it("fits the scaling as scikit-learn's StandardScaler does (population standard deviation, 1 for a constant)", () => {
    const values = Float32Array.from({ length: 300 * 3 }, (_, i) => (i % 3 === 2 ? 7 : random.normal(50, 20)));
    const fitted = fitStandardScaler(values, 3);
    const sklearn = JSON.parse(
      execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          "import json,sys,numpy as np\nfrom sklearn.preprocessing import StandardScaler\ns=StandardScaler().fit(np.array(json.load(sys.stdin),dtype=np.float64).reshape(-1,3))\nprint(json.dumps({'mean':s.mean_.tolist(),'scale':s.scale_.tolist()}))",
        ],
        { input: JSON.stringify(Array.from(values)), encoding: "utf8" },
      ),
    ) as { mean: number[]; scale: number[] };
    fitted.mean.forEach((m, k) => assert.ok(Math.abs(m - sklearn.mean[k]) <= 1e-12 * Math.abs(m), `mean ${k}`));
    fitted.scale.forEach((s, k) => assert.ok(Math.abs(s - sklearn.scale[k]) <= 1e-12 * s, `scale ${k}`));
    assert.equal(fitted.scale[2], 1);
  });

  it("runs a QONNX model's Quant nodes (round half to even, clip) as the reference does", async () => {
    const q = (bits: number, scale: number) => (x: number) => {
      const v = Math.round(x / scale);
      const even = Math.abs((x / scale) % 1) === 0.5 && v % 2 !== 0 ? v - 1 : v;
      return Math.min(2 ** (bits - 1) - 1, Math.max(-(2 ** (bits - 1)), even)) * scale;
    };
    const quantOut = { weightBits: 4, weightScale: 1 / 16 };
    const layers = [
      { ...hidden, activation: undefined, quant: { ...quantOut, activationBits: 8, activationScale: 1 / 8 } },
      { ...out, quant: quantOut },
    ];
    const file = write("qonnx.onnx", mlpOnnx(layers, { style: "matmul", inputQuant: { bits: 8, scale: 1 / 32 } }));
    const evaluated = await evaluate(file);
    assert.equal(evaluated.floatOutputs, undefined);
    const w = q(4, 1 / 16);
    const act = q(8, 1 / 8);
    const expected = new Float64Array(ROWS * 5);
    for (let r = 0; r < ROWS; r++) {
      const x = Array.from(features.subarray(r * 16, r * 16 + 16), q(8, 1 / 32));
      const h = Array.from({ length: 8 }, (_, o) =>
        act(x.reduce((s, xi, i) => s + xi * w(hidden.weights[i * 8 + o]), hidden.bias![o])),
      );
      for (let o = 0; o < 5; o++)
        expected[r * 5 + o] = h.reduce((s, hi, i) => s + hi * w(out.weights[i * 5 + o]), out.bias![o]);
    }
    assert.deepEqual(Array.from(evaluated.outputs), Array.from(expected));
    const scores = scoreFpgaJetTagging(labels, evaluated, undefined, DEFAULT_FPGA_CONFIG);
    assert.equal(scores.accuracy, accuracyOf(expected));
    assert.equal(scores.fpga.quantisation, "QONNX");
    assert.equal(scores.fpga.estimate.layers[0].nonZero, Array.from(hidden.weights).filter((v) => w(v) !== 0).length);
  });

  it("marks a model over budget and applies the figure of merit", async () => {
    const evaluated = await evaluate(write("budget.onnx", mlpOnnx([hidden, out])));
    const tight = parseFpgaConfig({
      constraints: { maxLatencyNs: 10, maxDspPercent: 50 },
      figureOfMerit: { kind: "accuracy-minus-resource", weight: 2, resource: "lut" },
    });
    const s = scoreFpgaJetTagging(labels, evaluated, undefined, tight);
    assert.equal(s.withinBudget, false);
    assert.deepEqual(s.fpga.violations, [`latency ${s.latencyNs} ns > 10 ns`]);
    assert.equal(s.figureOfMerit, s.accuracy - (2 * s.lutPercent) / 100);
    assert.equal(s.dspPercent, (100 * s.fpga.estimate.dsp) / 6840);
  });

  it("scores the same zip as the tar.gz, and shows a report next to the estimate", async () => {
    const report = JSON.stringify({
      CSynthesisReport: {
        BestLatency: "4",
        WorstLatency: "4",
        IntervalMin: "1",
        IntervalMax: "1",
        BRAM_18K: "0",
        DSP: "50",
        FF: "900",
        LUT: "4000",
        URAM: "0",
      },
    });
    const evaluated = await evaluate(
      write("with-report.zip", zip({ "model.onnx": mlpOnnx([hidden, out]), "report.json": report })),
    );
    assert.equal(evaluated.report?.dsp, 50);
    const s = scoreFpgaJetTagging(labels, evaluated, undefined, DEFAULT_FPGA_CONFIG);
    assert.equal(s.fpga.reportedUtilisation?.latencyNs, 20);
    assert.notEqual(s.fpga.estimate.dsp, 50); // the estimate is the platform's own
  });

  it("refuses bad models, manifests, reports and archives with located errors", async () => {
    const model = mlpOnnx([hidden, out]);
    const truncated = await refusal(write("truncated.onnx", model.subarray(0, 700)));
    assert.match(
      truncated.located(),
      /^model\.onnx: malformed ONNX at byte \d+ \(in model\): field 7 claims \d+ bytes, only 682 remain$/,
    );
    const cutTensor = await refusal(
      write(
        "cut-tensor.onnx",
        (() => {
          const m = mlpModel([hidden, out]);
          m.graph.initializers[0].dims = [16, 9]; // 144 values declared, 128 stored
          return writeOnnxModel(m);
        })(),
      ),
    );
    assert.match(
      cutTensor.message,
      /in graph\.initializer\[0\]\): tensor "fc1_W": raw data of 512 bytes for 144 values of 4 bytes/,
    );
    const conv = mlpModel([hidden, out]);
    conv.graph.nodes.splice(1, 0, {
      opType: "Conv",
      name: "conv1",
      domain: "",
      inputs: ["fc1_out"],
      outputs: ["fc1_conv"],
      attributes: [],
    });
    assert.match(
      (await refusal(write("conv.onnx", writeOnnxModel(conv)))).message,
      /node 1 \(Conv "conv1"\): operator Conv is not supported \(supported: Gemm, MatMul/,
    );
    const unknownLayer = await refusal(
      write(
        "m1.tar.gz",
        tarGz({ "model.onnx": model, "manifest.json": '{"layers": {"dense_9": {"reuseFactor": 2}}}' }),
      ),
    );
    assert.equal(
      unknownLayer.located(),
      "manifest.json: layers.dense_9: the model has no Dense or BatchNormalization layer of that name (its layers: fc1, fc2)",
    );
    // A reuse factor hls4ml accepts is no longer refused: under Latency any R, under Resource the closest valid one.
    const reuse = await evaluate(
      write("m2.tar.gz", tarGz({ "model.onnx": model, "manifest.json": '{"layers": {"fc2": {"reuseFactor": 3}}}' })),
    );
    assert.equal(reuse.estimate.layers.find((l) => l.name === "fc2")!.reuseFactor, 3);
    const badJson = await refusal(
      write(
        "m3.tar.gz",
        tarGz({ "model.onnx": model, "manifest.json": '{"precision": "ap_fixed<16,6>",\n "reuseFactor": }' }),
      ),
    );
    assert.equal(badJson.located(), 'manifest.json:2:17: not valid JSON: unexpected character (found "}")');
    const scalingRefusal = async (name: string, inputScaling: unknown) =>
      (
        await refusal(write(name, tarGz({ "model.onnx": model, "manifest.json": JSON.stringify({ inputScaling }) })))
      ).located();
    const ones = (n: number) => Array.from({ length: n }, () => 1);
    assert.equal(
      await scalingRefusal("s1.tar.gz", { mean: ones(15), scale: ones(15) }),
      `manifest.json: inputScaling: has 15 values; the model takes 16 inputs (${JET_FEATURES.join(", ")})`,
    );
    assert.equal(
      await scalingRefusal("s2.tar.gz", { mean: ones(16), scale: [...ones(3), 0, ...ones(12)] }),
      "manifest.json: inputScaling.scale[3]: must not be 0 (StandardScaler writes 1 there)",
    );
    assert.equal(
      await scalingRefusal("s3.tar.gz", { mean: ones(16), scale: ones(4) }),
      "manifest.json: inputScaling: mean has 16 values and scale 4; they must match",
    );
    assert.equal(
      await scalingRefusal("s4.tar.gz", { mean: [...ones(15), "x"], scale: ones(16) }),
      'manifest.json: inputScaling.mean[15]: must be a finite number, not "x"',
    );
    assert.match(
      (await refusal(write("m4.tar.gz", tarGz({ "model.onnx": model, "manifest.json": '{"precision": "float32"}' }))))
        .message,
      /precision: "float32" is not a fixed-point type/,
    );
    assert.match(
      (
        await refusal(write("r.tar.gz", tarGz({ "model.onnx": model, "top_csynth.xml": "<profile><AreaEstimates>" })))
      ).located(),
      /^top_csynth\.xml:1:\d+: <AreaEstimates> is never closed/,
    );
    assert.match(
      (
        await refusal(
          write(
            "narrow.onnx",
            writeOnnxModel(mlpModel([{ ...hidden, nIn: 10, weights: Array.from(hidden.weights).slice(0, 80) }, out])),
          ),
        )
      ).message,
      /takes 10 inputs; this challenge gives 16 features/,
    );
    // A refusal that depends on the hidden test inputs names no jet and no value, and is marked as costing a try.
    const nan = await refusal(write("nan.onnx", mlpOnnx([{ ...hidden, bias: [NaN, 0, 0, 0, 0, 0, 0, 0] }, out])));
    assert.match(nan.message, /non-finite output \(NaN or infinity\) on the hidden test jets/);
    assert.doesNotMatch(nan.message, /\d/);
    assert.equal(nan.toJSON().hiddenData, true);
    assert.equal(unknownLayer.toJSON().hiddenData, false);
    assert.match(
      (await refusal(write("two.tar.gz", tarGz({ "a.onnx": model, "b.onnx": model })))).message,
      /two models in the archive/,
    );
    // A graph far beyond any FPGA model is refused while it is read, before any work on it.
    const deep = mlpModel([{ ...hidden, nIn: 16 }, out]);
    deep.graph.nodes[deep.graph.nodes.length - 1].outputs = ["x0"];
    for (let i = 0; i < 20_000; i++)
      deep.graph.nodes.push({
        opType: "Identity",
        name: `id${i}`,
        domain: "",
        inputs: [`x${i}`],
        outputs: [i === 19_999 ? "output" : `x${i + 1}`],
        attributes: [],
      });
    assert.match((await refusal(write("deep.onnx", writeOnnxModel(deep)))).message, /more than 10000 nodes/);
    assert.match(
      (await refusal(write("junk.bin", "hello, this is not a model"))).message,
      /not an ONNX model, a tar archive or a zip archive/,
    );
    const huge = await refusal(write("bomb.zip", zip({ "model.onnx": new Uint8Array(60 * 1024 * 1024) })));
    assert.match(huge.message, /model\.onnx expands to 62\.9 MB; refusing a possible zip bomb/);
    const oversized = await refusal(write("big.tar.gz", tarGz({ "model.onnx": randomBytes(17 * 1024 * 1024) })));
    assert.equal(oversized.located(), "big.tar.gz: model.onnx: the model is 17.8 MB, above the limit of 16.8 MB");
    const gzBomb = await refusal(write("bomb.onnx.gz", gzipSync(Buffer.alloc(200 * 1024 * 1024))));
    assert.match(gzBomb.message, /gzip bomb/);
  });

  it("the CLI exits 2 with the located error as JSON, and 1 for a bad organizer config", () => {
    const cli = path.resolve(import.meta.dirname, "../src/cli.ts");
    const run = (submission: string, ...extra: string[]) =>
      spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          cli,
          "--challenge",
          "fpga-jet-tagging",
          "--truth",
          truthFile,
          "--submission",
          submission,
          ...extra,
        ],
        { encoding: "utf8" },
      );
    const bad = run(write("bad.onnx", mlpOnnx([hidden, out]).subarray(0, 100)));
    assert.equal(bad.status, 2, bad.stderr);
    assert.equal(JSON.parse(bad.stdout).error.file, "model.onnx");
    const config = run(path.join(dir, "plain.tar.gz"), "--config", '{"constraints": {"maxDspPercent": 120}}');
    assert.equal(config.status, 1);
    assert.match(config.stderr, /maxDspPercent must be at most 100/);
  });
});

/** A zip of deflated members (local headers, central directory, end record). */
function zip(files: Record<string, Uint8Array | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.from(content);
    const packed = deflateRawSync(body);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
