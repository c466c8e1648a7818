// Reads an ONNX graph as the chain of layers hls4ml would build from it:
// Dense layers (Gemm, or MatMul with an optional Add of a constant bias),
// activations, and QONNX Quant nodes that fix the precision of weights and
// activations. Anything else is refused with the node it found, so the
// resource estimate never silently ignores part of a model.
import { InputError } from "../parse/input-error.ts";
import { quantize, toRaw, type FixedType } from "./fixed-point.ts";
import { layerPrecision, type Manifest, type LayerPrecision } from "./manifest.ts";
import { attribute, type OnnxModel, type Tensor } from "./onnx-model.ts";
import { isQuant, quantizeConstant, quantParams } from "./qonnx-quant.ts";

export const MODEL_FILE = "model.onnx";

export type Activation = "Relu" | "Softmax" | "Sigmoid" | "Tanh";

export interface DenseLayer {
  kind: "dense";
  name: string;
  nIn: number;
  nOut: number;
  /** The weights as the firmware holds them, n_in × n_out row-major. */
  weights: Float64Array;
  /** The same as integers (value / step): what a constant multiplication is built from. */
  weightRaw: Float64Array;
  bias?: Float64Array;
  weightBits: number;
  inputBits: number;
  accumBits: number;
  resultBits: number;
  reuseFactor: number;
  /** Why the reuse factor differs from the one asked for (hls4ml's Resource strategy moves an invalid one). */
  reuseFactorNote?: string;
  /** Declared types (plain ONNX); absent when QONNX Quant nodes set the weights' precision. */
  precision?: LayerPrecision;
  /** Graph tensors: the weight and bias initializers and the layer's output (after the bias). */
  tensors: { weight: string; bias?: string; output: string };
}

/**
 * BatchNormalization after a Dense layer, as hls4ml builds it when it does
 * not fold it into the Dense layer (QKeras' quantised Dense layers):
 * y = x·scale + shift per value, scale = γ/√(σ² + ε) and shift = β − μ·scale,
 * at the layer's declared types (weight type for the scale, bias type for the
 * shift, the result type for y).
 */
export interface NormLayer {
  kind: "batchnorm";
  name: string;
  size: number;
  /** The scale as the firmware holds it, and as integers (value / step). */
  scale: Float64Array;
  scaleRaw: Float64Array;
  shift: Float64Array;
  scaleBits: number;
  inputBits: number;
  resultBits: number;
  precision: LayerPrecision;
  tensors: { output: string };
}

export interface ActivationLayer {
  kind: "activation";
  name: string;
  op: Activation;
  size: number;
  bits: number;
  output: string;
  /** Follows a layer with declared types: its output has that layer's result type. */
  after?: DenseLayer | NormLayer;
}

export type Layer = DenseLayer | ActivationLayer | NormLayer;

export interface Network {
  layers: Layer[];
  inputName: string;
  inputSize: number;
  /** The input's declared type (manifest "input"; cast before the first layer unless QONNX quantises it). */
  inputType: FixedType;
  outputName: string;
  outputSize: number;
  /** Whether any Quant node sets a precision (QONNX). */
  qonnx: boolean;
}

const ACTIVATIONS: Activation[] = ["Relu", "Softmax", "Sigmoid", "Tanh"];
const PASS_THROUGH = ["Identity", "Dropout", "Flatten"];
export const SUPPORTED_OPS = [
  "Gemm",
  "MatMul",
  "Add",
  "BatchNormalization",
  ...ACTIVATIONS,
  ...PASS_THROUGH,
  "Quant (QONNX)",
];

type Value =
  | { kind: "act"; size: number; bits?: number; dense?: DenseLayer; norm?: NormLayer }
  | { kind: "const"; tensor: Tensor; raw?: Float64Array; bits?: number };

export function readNetwork(model: OnnxModel, manifest: Manifest): Network {
  const values = new Map<string, Value>();
  for (const t of model.graph.initializers) values.set(t.name, { kind: "const", tensor: t });
  const inputs = model.graph.inputs.filter((i) => !values.has(i.name));
  if (inputs.length !== 1)
    throw new InputError(`the model must have exactly one input, it has ${inputs.length}`, MODEL_FILE);
  const input = inputs[0];
  const inputSize = input.shape?.[input.shape.length - 1];
  if (input.shape?.length !== 2 || typeof inputSize !== "number")
    throw new InputError(
      `input "${input.name}" must have shape [N, features], not ${JSON.stringify(input.shape)}`,
      MODEL_FILE,
    );
  values.set(input.name, { kind: "act", size: inputSize, bits: manifest.input.width });

  const layers: Layer[] = [];
  let qonnx = false;
  let lastResultBits = manifest.input.width;
  model.graph.nodes.forEach((node, index) => {
    const where = `node ${index} (${node.opType}${node.name ? ` "${node.name}"` : ""})`;
    const fail = (message: string): never => {
      throw new InputError(`${where}: ${message}`, MODEL_FILE);
    };
    const get = (name: string): Value =>
      values.get(name) ?? fail(`its input "${name}" is not produced by any earlier node`);
    const act = (name: string): Extract<Value, { kind: "act" }> => {
      const v = get(name);
      return v.kind === "act" ? v : fail(`input "${name}" must be computed from the model's input, not a constant`);
    };
    const constant = (name: string): Extract<Value, { kind: "const" }> => {
      const v = get(name);
      return v.kind === "const" ? v : fail(`input "${name}" must be a constant (weights)`);
    };
    const out = (v: Value) => {
      if (node.outputs.length < 1) fail("it has no output");
      values.set(node.outputs[0], v);
    };
    if (node.domain && node.domain !== "ai.onnx" && !isQuant(node))
      fail(`operator domain "${node.domain}" is not supported`);
    if (isQuant(node)) {
      qonnx = true;
      let p: ReturnType<typeof quantParams>;
      try {
        p = quantParams(node, (name) => {
          const v = values.get(name);
          return v?.kind === "const" ? v.tensor : undefined;
        });
      } catch (error) {
        return fail((error as Error).message);
      }
      const x = get(node.inputs[0]);
      if (x.kind === "const") {
        const last = x.tensor.dims[x.tensor.dims.length - 1] ?? 1;
        if (p.scale.length > 1 && p.scale.length !== last)
          fail(`its scale has ${p.scale.length} values for a last axis of ${last}`);
        if (p.zeropt[0] !== 0) fail("weight quantisers with a non-zero zero point are not supported");
        const q = quantizeConstant(p, x.tensor.values, last);
        out({
          kind: "const",
          tensor: { ...x.tensor, name: node.outputs[0], values: q.values },
          raw: q.raw,
          bits: p.bits,
        });
      } else {
        lastResultBits = p.bits;
        out({ ...x, dense: undefined, bits: p.bits });
      }
      return;
    }
    switch (node.opType) {
      case "Gemm":
      case "MatMul": {
        if (node.opType === "Gemm") {
          if ((attribute(node, "transA")?.i ?? 0) !== 0) fail("transA is not supported");
          for (const a of ["alpha", "beta"]) if ((attribute(node, a)?.f ?? 1) !== 1) fail(`${a} must be 1`);
        }
        const x = act(node.inputs[0]);
        const w = constant(node.inputs[1]);
        if (w.tensor.dims.length !== 2)
          fail(`its weights "${node.inputs[1]}" must be a matrix, not of shape [${w.tensor.dims.join(", ")}]`);
        const transB = node.opType === "Gemm" && (attribute(node, "transB")?.i ?? 0) === 1;
        const [nIn, nOut] = transB ? [w.tensor.dims[1], w.tensor.dims[0]] : w.tensor.dims;
        if (nIn !== x.size) fail(`it takes ${nIn} inputs but the layer before gives ${x.size}`);
        const name = node.name || `dense_${layers.filter((l) => l.kind === "dense").length}`;
        const precision = layerPrecision(manifest, name);
        const order = (a: Float64Array) => (transB ? transpose(a, nOut, nIn) : a);
        let weights: Float64Array;
        let weightRaw: Float64Array;
        let declared: LayerPrecision | undefined;
        if (w.raw) {
          if (manifest.layers[name]?.precision?.weight)
            fail(
              `its weights are quantised by a Quant node; remove layers.${name}.precision.weight from manifest.json`,
            );
          weights = order(w.tensor.values);
          weightRaw = order(w.raw);
        } else {
          declared = precision;
          weights = order(w.tensor.values.map((v) => quantize(precision.weight, v)));
          weightRaw = order(w.tensor.values.map((v) => toRaw(precision.weight, v)));
        }
        const dense: DenseLayer = {
          kind: "dense",
          name,
          nIn,
          nOut,
          weights,
          weightRaw,
          weightBits: w.bits ?? precision.weight.width,
          inputBits: x.bits ?? lastResultBits,
          accumBits: precision.accum.width,
          resultBits: precision.result.width,
          reuseFactor: manifest.layers[name]?.reuseFactor ?? manifest.reuseFactor,
          precision: declared,
          tensors: { weight: node.inputs[1], output: node.outputs[0] },
        };
        if (node.opType === "Gemm" && node.inputs[2]) {
          dense.bias = bias(constant(node.inputs[2]).tensor, dense, fail);
          dense.tensors.bias = node.inputs[2];
        }
        applyReuseFactor(dense, manifest.strategy);
        layers.push(dense);
        lastResultBits = dense.resultBits;
        out({ kind: "act", size: nOut, dense });
        return;
      }
      case "Add": {
        const [a, b] = node.inputs.map(get);
        const [x, c] = a.kind === "act" ? [a, b] : [b, a];
        if (x.kind !== "act" || c.kind !== "const")
          return fail("only the bias of a Dense layer (a constant added to a MatMul) is supported");
        if (!x.dense || x.dense.bias)
          return fail("an Add must follow a MatMul without bias (skip connections are not supported)");
        x.dense.bias = bias(c.tensor, x.dense, fail);
        x.dense.tensors.bias = c.tensor.name;
        x.dense.tensors.output = node.outputs[0];
        out({ kind: "act", size: x.size, dense: x.dense });
        return;
      }
      case "BatchNormalization": {
        const x = act(node.inputs[0]);
        if ((attribute(node, "training_mode")?.i ?? 0) !== 0) fail("training_mode must be 0 (inference)");
        const [gamma, beta, mean, variance] = node.inputs.slice(1, 5).map((name, k) => {
          const t = constant(name ?? fail("it needs scale, B, mean and var")).tensor;
          if (t.values.length !== x.size)
            fail(
              `its ${["scale", "B", "mean", "var"][k]} "${name}" must have ${x.size} values, not ${t.values.length}`,
            );
          return t.values;
        });
        const epsilon = attribute(node, "epsilon")?.f ?? 1e-5;
        const name = node.name || `batchnorm_${layers.filter((l) => l.kind === "batchnorm").length}`;
        const precision = layerPrecision(manifest, name);
        const s = gamma.map((g, k) => g / Math.sqrt(variance[k] + epsilon));
        if (!s.every(Number.isFinite)) fail("its scale γ/√(var + ε) is not finite (a negative variance?)");
        const norm: NormLayer = {
          kind: "batchnorm",
          name,
          size: x.size,
          scale: s.map((v) => quantize(precision.weight, v)),
          scaleRaw: s.map((v) => toRaw(precision.weight, v)),
          shift: beta.map((b, k) => quantize(precision.bias, b - mean[k] * s[k])),
          scaleBits: precision.weight.width,
          inputBits: x.bits ?? lastResultBits,
          resultBits: precision.result.width,
          precision,
          tensors: { output: node.outputs[0] },
        };
        layers.push(norm);
        lastResultBits = norm.resultBits;
        out({ kind: "act", size: x.size, norm });
        return;
      }
      default:
        if (ACTIVATIONS.includes(node.opType as Activation)) {
          const x = act(node.inputs[0]);
          if (node.opType === "Softmax" && ![undefined, -1, 1].includes(attribute(node, "axis")?.i))
            fail("Softmax must be over the last axis");
          layers.push({
            kind: "activation",
            name: node.name || `${node.opType.toLowerCase()}_${index}`,
            op: node.opType as Activation,
            size: x.size,
            bits: x.bits ?? lastResultBits,
            output: node.outputs[0],
            after: x.dense?.precision ? x.dense : x.norm,
          });
          out({ kind: "act", size: x.size });
          return;
        }
        if (PASS_THROUGH.includes(node.opType)) {
          out({ ...act(node.inputs[0]), dense: undefined });
          return;
        }
        fail(`operator ${node.opType} is not supported (supported: ${SUPPORTED_OPS.join(", ")})`);
    }
  });

  const denseNames = new Set(layers.filter((l) => l.kind === "dense").map((l) => l.name));
  const configurable = new Set(layers.filter((l) => l.kind !== "activation").map((l) => l.name));
  for (const name of Object.keys(manifest.layers))
    if (!configurable.has(name))
      throw new InputError(
        `layers.${name}: the model has no Dense or BatchNormalization layer of that name (its layers: ${[...configurable].join(", ") || "none"})`,
        "manifest.json",
      );
  if (!denseNames.size) throw new InputError("the model has no Dense layer", MODEL_FILE);
  if (model.graph.outputs.length !== 1)
    throw new InputError(`the model must have exactly one output, it has ${model.graph.outputs.length}`, MODEL_FILE);
  const outputName = model.graph.outputs[0].name;
  const output = values.get(outputName);
  if (output?.kind !== "act") throw new InputError(`output "${outputName}" is not computed from the input`, MODEL_FILE);
  return {
    layers,
    inputName: input.name,
    inputSize,
    inputType: manifest.input,
    outputName,
    outputSize: output.size,
    qonnx,
  };
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

function bias(t: Tensor, dense: DenseLayer, fail: (m: string) => never): Float64Array {
  if (t.values.length !== dense.nOut || t.dims.filter((d) => d !== 1).length > 1)
    fail(`its bias "${t.name}" must have ${dense.nOut} values`);
  return dense.precision ? t.values.map((v) => quantize(dense.precision!.bias, v)) : t.values;
}

/** hls4ml accepts a reuse factor only when it divides the layer's n_in·n_out multiplications. */
/**
 * The reuse factors hls4ml's Resource strategy accepts for a Dense layer
 * (Vivado backend, _validate_reuse_factor): R divides n_in·n_out, and either
 * R < n_in with ⌈n_in·n_out / R⌉ a multiple of n_out, or R a multiple of n_in.
 */
export function validReuseFactors(nIn: number, nOut: number): number[] {
  const valid: number[] = [];
  for (let rf = 1; rf <= nIn * nOut; rf++) {
    const multiplierLimit = Math.ceil((nIn * nOut) / Math.min(nIn, rf));
    if ((multiplierLimit % nOut === 0 || rf >= nIn) && (rf % nIn === 0 || rf < nIn) && (nIn * nOut) % rf === 0)
      valid.push(rf);
  }
  return valid;
}

/** hls4ml's get_closest_reuse_factor: the nearest valid one, the smaller on a tie. */
export function closestReuseFactor(valid: number[], chosen: number): number {
  let pos = 0;
  while (pos < valid.length && valid[pos] < chosen) pos++;
  if (pos === 0) return valid[0];
  if (pos === valid.length) return valid[valid.length - 1];
  const [before, after] = [valid[pos - 1], valid[pos]];
  return after - chosen < chosen - before ? after : before;
}

/**
 * The reuse factor the firmware gets, as hls4ml sets it: under the Latency
 * strategy the one given (any whole R ≥ 1); under the Resource strategy the
 * closest valid one (validReuseFactors), with hls4ml's warning as a note.
 */
function applyReuseFactor(d: DenseLayer, strategy: Manifest["strategy"]): void {
  if (strategy !== "Resource") return;
  const valid = validReuseFactors(d.nIn, d.nOut);
  if (valid.includes(d.reuseFactor)) return;
  const closest = closestReuseFactor(valid, d.reuseFactor);
  d.reuseFactorNote = `ReuseFactor ${d.reuseFactor} is not valid for ${d.nIn}×${d.nOut} under the Resource strategy; hls4ml uses ${closest} (valid: ${valid.join(", ")})`;
  d.reuseFactor = closest;
}
