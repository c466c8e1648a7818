// Rewrites a submitted model into standard ONNX that onnxruntime runs the way
// the firmware computes:
// - QONNX Quant nodes become Div, Add, Round|Floor|Ceil, Clip, Sub, Mul
//   (the operator's definition, qonnx-quant.ts);
// - with declared fixed-point types (plain ONNX), each Dense layer is
//   computed as hls4ml's dense_latency computes it (nnet_dense_latency.h):
//   every product data × weight is cast to the accumulator type on its own
//   (`mult[i] = product(cache, weights[i])`, an accum_t), the bias cast to
//   the accumulator type starts the sum, the products are added in it, and
//   the sum is cast to the result type. The input and each activation after
//   a Dense layer are cast to their types too. A cast is Mul by 2^F, Floor
//   (AP_TRN) | Floor(x + ½) (AP_RND) | Round (AP_RND_CONV), then Clip
//   (AP_SAT) or wrap-around (AP_WRAP), then Mul by 2^-F. Dense layers run in
//   float64, exact for products of up to 53 bits; an AP_WRAP accumulator
//   wraps the sum once, which equals wrapping after every addition (modular
//   arithmetic); an AP_SAT accumulator saturates the sum once. hls4ml's
//   softmax lookup tables are not emulated (exact softmax).
import { rawRange, type FixedType, quantize } from "./fixed-point.ts";
import { DataType, type OnnxModel, type OnnxNode, type Tensor } from "./onnx-model.ts";
import type { DenseLayer, Network, NormLayer } from "./network.ts";
import { isQuant, quantParams } from "./qonnx-quant.ts";

export function runtimeModel(model: OnnxModel, net: Network): OnnxModel {
  const initializers: Tensor[] = model.graph.initializers.map((t) => ({ ...t }));
  const byName = new Map(initializers.map((t) => [t.name, t]));
  const nodes: OnnxNode[] = [];
  let counter = 0;
  const fresh = (base: string) => `__unblind_${counter++}_${base}`;
  const tensor = (dataType: number, dims: number[], values: Float64Array, base = "c"): string => {
    const name = fresh(base);
    initializers.push({ name, dims, dataType, values });
    return name;
  };
  let double = false; // whether cast() builds float64 arithmetic (inside an emulated Dense layer)
  const constant = (value: number): string =>
    tensor(double ? DataType.DOUBLE : DataType.FLOAT, [], Float64Array.of(value));
  const op = (
    opType: string,
    inputs: string[],
    output = fresh(opType.toLowerCase()),
    attributes: OnnxNode["attributes"] = [],
  ): string => {
    nodes.push({ opType, name: fresh(opType), domain: "", inputs, outputs: [output], attributes });
    return output;
  };

  // Casts after tensors, and declared weights replaced by their quantised values.
  const casts = new Map<string, FixedType[]>();
  if (!net.qonnx) casts.set(net.inputName, [net.inputType]);
  // Dense layers with declared types, by their weight tensor: replaced by the dense_latency emulation.
  const emulated = new Map<string, DenseLayer>();
  // BatchNormalization layers with declared types, by their output tensor.
  const norms = new Map<string, NormLayer>();
  for (const layer of net.layers) {
    if (layer.kind === "dense" && layer.precision) emulated.set(layer.tensors.weight, layer);
    else if (layer.kind === "batchnorm" && !net.qonnx) norms.set(layer.tensors.output, layer);
    else if (
      layer.kind === "activation" &&
      layer.after?.precision &&
      layer.op !== "Softmax" &&
      !(layer.after.kind === "batchnorm" && net.qonnx)
    )
      casts.set(layer.output, [layer.after.precision.result]);
  }
  const cast = (x: string, t: FixedType, output?: string): string => {
    const F = t.width - t.integer;
    const scaled = op("Mul", [x, constant(2 ** F)]);
    const rounded =
      t.rounding === "AP_TRN"
        ? op("Floor", [scaled])
        : t.rounding === "AP_RND"
          ? op("Floor", [op("Add", [scaled, constant(0.5)])])
          : op("Round", [scaled]);
    const { min, max } = rawRange(t);
    const span = 2 ** t.width;
    const bounded =
      t.overflow === "AP_SAT"
        ? op("Clip", [rounded, constant(min), constant(max)])
        : op("Sub", [
            rounded,
            op("Mul", [
              constant(span),
              op("Floor", [op("Div", [op("Sub", [rounded, constant(min)]), constant(span)])]),
            ]),
          ]);
    return op("Mul", [bounded, constant(2 ** -F)], output);
  };

  const renamed = new Map<string, string>();
  const castAfter = (name: string) => {
    const types = casts.get(name);
    if (!types) return;
    let x = name;
    for (const t of types) x = cast(x, t);
    renamed.set(name, x);
  };
  /** hls4ml's dense_latency on x (float32 [N, n_in]): its output, float32 [N, n_out], of the result type. */
  const denseLatency = (x: string, d: DenseLayer): string => {
    const p = d.precision!;
    double = true;
    const weights = tensor(DataType.DOUBLE, [1, d.nIn, d.nOut], d.weights, "w");
    const axis = (a: number) => tensor(DataType.INT64, [1], Float64Array.of(a), "axis");
    const xd = op("Unsqueeze", [op("Cast", [x], undefined, [{ name: "to", i: DataType.DOUBLE }]), axis(2)]);
    const products = cast(op("Mul", [xd, weights]), p.accum); // [N, n_in, n_out], each an accum_t
    let sum = op("ReduceSum", [products, axis(1)], undefined, [{ name: "keepdims", i: 0 }]);
    if (d.bias) {
      const start = d.bias.map((b) => quantize(p.accum, b)); // (accum_t) biases[i]
      sum = op("Add", [sum, tensor(DataType.DOUBLE, [d.nOut], start, "b")]);
    }
    const result = cast(cast(sum, p.accum), p.result);
    double = false;
    return op("Cast", [result], undefined, [{ name: "to", i: DataType.FLOAT }]);
  };

  /** hls4ml's normalize on x (float32 [N, size]): x·scale + shift, cast to the result type, as float32. */
  const normalize = (x: string, n: NormLayer): string => {
    double = true;
    const xd = op("Cast", [x], undefined, [{ name: "to", i: DataType.DOUBLE }]);
    const scaled = op("Mul", [xd, tensor(DataType.DOUBLE, [n.size], n.scale, "scale")]);
    const result = cast(op("Add", [scaled, tensor(DataType.DOUBLE, [n.size], n.shift, "shift")]), n.precision.result);
    double = false;
    return op("Cast", [result], undefined, [{ name: "to", i: DataType.FLOAT }]);
  };

  castAfter(net.inputName);
  const skip = new Set<OnnxNode>();
  for (const node of model.graph.nodes) {
    if (skip.has(node)) continue;
    const inputs = node.inputs.map((i) => renamed.get(i) ?? i);
    const dense = (node.opType === "Gemm" || node.opType === "MatMul") && emulated.get(node.inputs[1]);
    if (dense) {
      // The layer's output is the Gemm's, or the Add of its bias after a MatMul: that Add is replaced too.
      if (node.outputs[0] !== dense.tensors.output)
        for (const n of model.graph.nodes) if (n.outputs[0] === dense.tensors.output) skip.add(n);
      renamed.set(dense.tensors.output, denseLatency(inputs[0], dense));
      continue;
    }
    const norm = node.opType === "BatchNormalization" && norms.get(node.outputs[0]);
    if (norm) {
      renamed.set(norm.tensors.output, normalize(inputs[0], norm));
      continue;
    }
    if (isQuant(node)) {
      const p = quantParams(node, (name) => byName.get(name));
      const [x, scale, zeropt] = inputs;
      const round = { ROUND: "Round", FLOOR: "Floor", CEIL: "Ceil" }[p.rounding];
      const q = op("Clip", [op(round, [op("Add", [op("Div", [x, scale]), zeropt])]), constant(p.min), constant(p.max)]);
      op("Mul", [op("Sub", [q, zeropt]), scale], node.outputs[0]);
    } else nodes.push({ ...node, inputs });
    for (const o of node.outputs) castAfter(o);
  }
  // onnxruntime reads the first output by position, so the output may take the cast's name.
  const output = renamed.get(model.graph.outputs[0].name) ?? model.graph.outputs[0].name;
  const defaultOpset = Math.max(13, model.opsets.find((o) => o.domain === "" || o.domain === "ai.onnx")?.version ?? 13);
  // The emulated layers' original weights are no longer read: left in, onnxruntime warns about each.
  const used = new Set(nodes.flatMap((n) => n.inputs));
  const kept = initializers.filter((t) => used.has(t.name));
  return {
    irVersion: Math.max(model.irVersion, 7),
    opsets: [{ domain: "", version: defaultOpset }],
    graph: {
      name: model.graph.name,
      nodes,
      initializers: kept,
      inputs: [{ name: net.inputName, elemType: DataType.FLOAT, shape: ["N", net.inputSize] }],
      outputs: [{ name: output, elemType: DataType.FLOAT, shape: ["N", net.outputSize] }],
    },
  };
}
