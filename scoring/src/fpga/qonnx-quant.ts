// QONNX's Quant operator (domain qonnx.custom_op.general, formerly
// finn.custom_op.general): inputs x, scale, zeropt, bitwidth; attributes
// signed, narrow, rounding_mode.
//   q = clip(round(x / scale + zeropt), min, max),  y = (q − zeropt) · scale
// with min/max = −2^(b−1) (+1 if narrow) / 2^(b−1) − 1 when signed, and
// 0 / 2^b − 1 (−1 if narrow) when not.
// Source: QONNX operator docs, docs/qonnx-custom-ops/quant_op.md
// (github.com/fastmachinelearning/qonnx), and Pappalardo et al.,
// "QONNX: Representing arbitrary-precision quantized neural networks",
// arXiv:2206.07527.
import { attribute, type OnnxNode, type Tensor } from "./onnx-model.ts";
import { roundHalfEven } from "./fixed-point.ts";

export const QUANT_DOMAINS = ["qonnx.custom_op.general", "finn.custom_op.general"];

export interface QuantParams {
  bits: number;
  signed: boolean;
  narrow: boolean;
  rounding: "ROUND" | "FLOOR" | "CEIL";
  /** Scalar or one value per element of the last axis. */
  scale: Float64Array;
  zeropt: Float64Array;
  min: number;
  max: number;
}

export function isQuant(node: OnnxNode): boolean {
  return node.opType === "Quant" && QUANT_DOMAINS.includes(node.domain);
}

/** The constant parameters of a Quant node; throws an Error saying what is unsupported. */
export function quantParams(node: OnnxNode, constant: (name: string) => Tensor | undefined): QuantParams {
  const [scale, zeropt, bitwidth] = node.inputs.slice(1, 4).map((name, k) => {
    const t = constant(name);
    if (!t) throw new Error(`its ${["scale", "zeropt", "bitwidth"][k]} must be a constant (an initializer)`);
    return t;
  });
  if (bitwidth.values.length !== 1) throw new Error("its bitwidth must be a single value");
  const bits = bitwidth.values[0];
  if (!Number.isInteger(bits) || bits < 1 || bits > 32)
    throw new Error(`bitwidth ${bits} is not supported (whole numbers from 1 to 32)`);
  const signed = (attribute(node, "signed")?.i ?? 1) === 1;
  const narrow = (attribute(node, "narrow")?.i ?? 0) === 1;
  const rounding = (attribute(node, "rounding_mode")?.s ?? "ROUND").toUpperCase();
  if (rounding !== "ROUND" && rounding !== "FLOOR" && rounding !== "CEIL")
    throw new Error(`rounding_mode "${rounding}" is not supported (ROUND, FLOOR, CEIL)`);
  for (const v of scale.values)
    if (!(v > 0) || !Number.isFinite(v)) throw new Error("its scale must be positive and finite");
  if (scale.values.length > 1 && scale.dims.filter((d) => d !== 1).length > 1)
    throw new Error("its scale must be a scalar or per-channel along the last axis");
  if (zeropt.values.length !== 1) throw new Error("its zeropt must be a single value");
  const min = signed ? -(2 ** (bits - 1)) + (narrow ? 1 : 0) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 - (narrow ? 1 : 0);
  return { bits, signed, narrow, rounding, scale: scale.values, zeropt: zeropt.values, min, max };
}

/** Quantises a constant tensor of shape [..., last]: the integers q and the values y. */
export function quantizeConstant(
  p: QuantParams,
  values: Float64Array,
  last: number,
): { raw: Float64Array; values: Float64Array } {
  const raw = new Float64Array(values.length);
  const out = new Float64Array(values.length);
  const zp = p.zeropt[0];
  for (let i = 0; i < values.length; i++) {
    const scale = p.scale.length === 1 ? p.scale[0] : p.scale[i % last];
    const x = Math.fround(values[i] / scale) + zp;
    const r = p.rounding === "ROUND" ? roundHalfEven(x) : p.rounding === "FLOOR" ? Math.floor(x) : Math.ceil(x);
    const q = Math.min(p.max, Math.max(p.min, r));
    raw[i] = q - zp;
    out[i] = Math.fround((q - zp) * scale);
  }
  return { raw, values: out };
}
