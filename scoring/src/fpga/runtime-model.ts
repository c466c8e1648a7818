// Rewrites a submitted model into standard ONNX that onnxruntime runs the way
// the firmware computes:
// - QONNX Quant nodes become Div, Add, Round|Floor|Ceil, Clip, Sub, Mul
//   (the operator's definition, qonnx-quant.ts);
// - with declared fixed-point types (plain ONNX), the weights and biases are
//   replaced by their quantised values, and the input, each Dense output
//   (accumulator, then result type) and each activation after it are cast:
//   Mul by 2^F, Floor (AP_TRN) | Floor(x + ½) (AP_RND) | Round (AP_RND_CONV),
//   then Clip (AP_SAT) or wrap-around (AP_WRAP), then Mul by 2^-F.
// Arithmetic stays float32: the emulation is exact while products fit 24
// bits; hls4ml's softmax lookup tables are not emulated (exact softmax).
import { rawRange, type FixedType, quantize } from "./fixed-point.ts";
import { DataType, type OnnxModel, type OnnxNode, type Tensor } from "./onnx-model.ts";
import type { Network } from "./network.ts";
import { isQuant, quantParams } from "./qonnx-quant.ts";

export function runtimeModel(model: OnnxModel, net: Network): OnnxModel {
  const initializers: Tensor[] = model.graph.initializers.map((t) => ({ ...t }));
  const byName = new Map(initializers.map((t) => [t.name, t]));
  const nodes: OnnxNode[] = [];
  let counter = 0;
  const fresh = (base: string) => `__unblind_${counter++}_${base}`;
  const constant = (value: number): string => {
    const name = fresh("c");
    initializers.push({ name, dims: [], dataType: DataType.FLOAT, values: Float64Array.of(value) });
    return name;
  };
  const op = (opType: string, inputs: string[], output = fresh(opType.toLowerCase())): string => {
    nodes.push({ opType, name: fresh(opType), domain: "", inputs, outputs: [output], attributes: [] });
    return output;
  };

  // Casts after tensors, and declared weights replaced by their quantised values.
  const casts = new Map<string, FixedType[]>();
  if (!net.qonnx) casts.set(net.inputName, [net.inputType]);
  for (const layer of net.layers) {
    if (layer.kind === "dense" && layer.precision) {
      const p = layer.precision;
      const w = byName.get(layer.tensors.weight)!;
      w.values = w.values.map((v) => quantize(p.weight, v));
      // A bias is an initializer, unless a Quant node computes it (then that node sets its precision).
      const b = layer.tensors.bias ? byName.get(layer.tensors.bias) : undefined;
      if (b) b.values = b.values.map((v) => quantize(p.bias, v));
      casts.set(layer.tensors.output, [p.accum, p.result]);
    } else if (layer.kind === "activation" && layer.after && layer.op !== "Softmax")
      casts.set(layer.output, [layer.after.precision!.result]);
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
  castAfter(net.inputName);
  for (const node of model.graph.nodes) {
    const inputs = node.inputs.map((i) => renamed.get(i) ?? i);
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
  return {
    irVersion: Math.max(model.irVersion, 7),
    opsets: [{ domain: "", version: defaultOpset }],
    graph: {
      name: model.graph.name,
      nodes,
      initializers,
      inputs: [{ name: net.inputName, elemType: DataType.FLOAT, shape: ["N", net.inputSize] }],
      outputs: [{ name: output, elemType: DataType.FLOAT, shape: ["N", net.outputSize] }],
    },
  };
}
