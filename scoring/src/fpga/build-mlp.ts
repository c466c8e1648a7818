// Writes a multilayer perceptron as an ONNX model: Gemm (or MatMul + Add)
// layers with activations, optionally with QONNX Quant nodes on the weights
// and activations. The baseline exports its model through this, and the
// tests build their small models with it.
import { DataType, writeOnnxModel, type OnnxModel, type OnnxNode, type Tensor } from "./onnx-model.ts";

export interface MlpLayer {
  name: string;
  /** n_in × n_out, row-major (input index first). */
  weights: ArrayLike<number>;
  bias?: ArrayLike<number>;
  nIn: number;
  nOut: number;
  activation?: "Relu" | "Softmax" | "Sigmoid" | "Tanh";
  /** A BatchNormalization between the Dense layer and its activation (as QKeras models have). */
  batchNorm?: {
    scale: ArrayLike<number>;
    bias: ArrayLike<number>;
    mean: ArrayLike<number>;
    variance: ArrayLike<number>;
  };
  /** QONNX: quantise the weights (and, for activations, the layer's output after the activation). */
  quant?: { weightBits: number; weightScale: number; activationBits?: number; activationScale?: number };
}

export interface MlpOptions {
  /** "gemm" (default) or "matmul" (MatMul then Add, as tf2onnx writes Dense layers). */
  style?: "gemm" | "matmul";
  /** QONNX: quantise the input first. */
  inputQuant?: { bits: number; scale: number };
  opset?: number;
}

export const QONNX_DOMAIN = "qonnx.custom_op.general";

function tensor(name: string, dims: number[], values: ArrayLike<number>, dataType: number = DataType.FLOAT): Tensor {
  return { name, dims, dataType, values: Float64Array.from(values) };
}

export function mlpModel(layers: MlpLayer[], options: MlpOptions = {}): OnnxModel {
  const nodes: OnnxNode[] = [];
  const initializers: Tensor[] = [];
  const node = (
    opType: string,
    name: string,
    inputs: string[],
    outputs: string[],
    attributes: OnnxNode["attributes"] = [],
    domain = "",
  ): void => {
    nodes.push({ opType, name, inputs, outputs, attributes, domain });
  };
  const quant = (name: string, x: string, bits: number, scale: number, signed: boolean): string => {
    initializers.push(
      tensor(`${name}_scale`, [], [scale]),
      tensor(`${name}_zeropt`, [], [0]),
      tensor(`${name}_bitwidth`, [], [bits]),
    );
    node(
      "Quant",
      name,
      [x, `${name}_scale`, `${name}_zeropt`, `${name}_bitwidth`],
      [`${name}_out`],
      [
        { name: "signed", i: signed ? 1 : 0 },
        { name: "narrow", i: 0 },
        { name: "rounding_mode", s: "ROUND" },
      ],
      QONNX_DOMAIN,
    );
    return `${name}_out`;
  };
  let x = "input";
  if (options.inputQuant) x = quant("input_quant", x, options.inputQuant.bits, options.inputQuant.scale, true);
  for (const layer of layers) {
    initializers.push(tensor(`${layer.name}_W`, [layer.nIn, layer.nOut], layer.weights));
    let w = `${layer.name}_W`;
    if (layer.quant) w = quant(`${layer.name}_wquant`, w, layer.quant.weightBits, layer.quant.weightScale, true);
    const bias = layer.bias ? `${layer.name}_b` : undefined;
    if (layer.bias) initializers.push(tensor(`${layer.name}_b`, [layer.nOut], layer.bias));
    const out = `${layer.name}_out`;
    if (options.style === "matmul") {
      node("MatMul", layer.name, [x, w], [bias ? `${layer.name}_mm` : out]);
      if (bias) node("Add", `${layer.name}_bias`, [`${layer.name}_mm`, bias], [out]);
    } else node("Gemm", layer.name, bias ? [x, w, bias] : [x, w], [out]);
    x = out;
    if (layer.batchNorm) {
      const bn = layer.batchNorm;
      const names = ["scale", "bias", "mean", "var"].map((k) => `${layer.name}_bn_${k}`);
      [bn.scale, bn.bias, bn.mean, bn.variance].forEach((v, k) => {
        initializers.push(tensor(names[k], [layer.nOut], v));
      });
      node(
        "BatchNormalization",
        `${layer.name}_bn`,
        [x, ...names],
        [`${layer.name}_bn_out`],
        [{ name: "epsilon", f: 1e-3 }],
      );
      x = `${layer.name}_bn_out`;
    }
    if (layer.activation) {
      node(
        layer.activation,
        `${layer.name}_${layer.activation.toLowerCase()}`,
        [x],
        [`${x}_act`],
        layer.activation === "Softmax" ? [{ name: "axis", i: -1 }] : [],
      );
      x = `${x}_act`;
    }
    if (layer.quant?.activationBits)
      x = quant(
        `${layer.name}_aquant`,
        x,
        layer.quant.activationBits,
        layer.quant.activationScale ?? 1,
        layer.activation !== "Relu",
      );
  }
  nodes[nodes.length - 1].outputs = ["output"];
  const anyQuant = nodes.some((n) => n.domain === QONNX_DOMAIN);
  return {
    irVersion: 8,
    opsets: [{ domain: "", version: options.opset ?? 13 }, ...(anyQuant ? [{ domain: QONNX_DOMAIN, version: 1 }] : [])],
    graph: {
      name: "mlp",
      nodes,
      initializers,
      inputs: [{ name: "input", elemType: DataType.FLOAT, shape: ["N", layers[0].nIn] }],
      outputs: [{ name: "output", elemType: DataType.FLOAT, shape: ["N", layers[layers.length - 1].nOut] }],
    },
  };
}

export function mlpOnnx(layers: MlpLayer[], options?: MlpOptions): Uint8Array {
  return writeOnnxModel(mlpModel(layers, options));
}
