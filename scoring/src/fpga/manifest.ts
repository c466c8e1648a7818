// The submission's manifest.json: how the participant asks hls4ml to build
// the model. Keys follow hls4ml's configuration (ReuseFactor, Precision,
// Strategy) in camelCase:
//
// {
//   "strategy": "Latency",            // or "Resource" (weights in BRAM)
//   "precision": "ap_fixed<16,6>",    // default for every layer (hls4ml's default)
//   "reuseFactor": 1,                 // default for every layer
//   "layers": {
//     "fc1": { "reuseFactor": 4, "precision": { "weight": "ap_fixed<8,2>", "result": "ap_fixed<16,6>" } }
//   },
//   "inputScaling": { "mean": [...], "scale": [...] }   // optional: StandardScaler's mean_ and scale_
// }
//
// A layer's precision is one type for everything or an object with any of
// weight, bias, result and accum (the accumulator; default: result).
import { InputError } from "../parse/input-error.ts";
import { parseJson } from "../parse/parse-json.ts";
import { parseFixedType, type FixedType } from "./fixed-point.ts";
import type { InputScaling } from "./input-scaling.ts";

export const MANIFEST_FILE = "manifest.json";
export const DEFAULT_PRECISION = "ap_fixed<16,6>";

export interface LayerPrecision {
  weight: FixedType;
  bias: FixedType;
  result: FixedType;
  accum: FixedType;
}

export interface LayerConfig {
  reuseFactor?: number;
  /** Only the parts the participant wrote; defaults are applied by `layerPrecision`. */
  precision?: Partial<LayerPrecision>;
}

export interface Manifest {
  strategy: "Latency" | "Resource";
  precision: FixedType;
  /** The input's type; the default precision unless given. */
  input: FixedType;
  reuseFactor: number;
  layers: Record<string, LayerConfig>;
  /** The standardisation applied before the firmware (input-scaling.ts). */
  inputScaling?: InputScaling;
}

const TOP_KEYS = ["strategy", "precision", "input", "reuseFactor", "layers", "inputScaling"];
const LAYER_KEYS = ["reuseFactor", "precision"];
const PRECISION_KEYS = ["weight", "bias", "result", "accum"] as const;

export function parseManifest(text: string): Manifest {
  const json = parseJson(text, MANIFEST_FILE);
  const fail = (path: string, message: string): never => {
    throw new InputError(`${path}: ${message}`, MANIFEST_FILE);
  };
  if (!isObject(json)) return fail("(top level)", "must be a JSON object");
  for (const key of Object.keys(json))
    if (!TOP_KEYS.includes(key)) fail(key, `unknown key (known: ${TOP_KEYS.join(", ")})`);
  const strategy = json.strategy ?? "Latency";
  if (strategy !== "Latency" && strategy !== "Resource")
    fail("strategy", `must be "Latency" or "Resource", not ${JSON.stringify(strategy)}`);
  const type = (path: string, value: unknown): FixedType => {
    if (typeof value !== "string") return fail(path, 'must be a type such as "ap_fixed<16,6>"');
    try {
      return parseFixedType(value);
    } catch (error) {
      return fail(path, (error as Error).message);
    }
  };
  const reuse = (path: string, value: unknown): number => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 1_000_000)
      fail(path, `must be a whole number from 1, not ${JSON.stringify(value)}`);
    return value as number;
  };
  const precision = type("precision", json.precision ?? DEFAULT_PRECISION);
  const layers: Record<string, LayerConfig> = {};
  const rawLayers = json.layers ?? {};
  if (!isObject(rawLayers)) fail("layers", "must be an object keyed by layer (ONNX node) name");
  for (const [name, raw] of Object.entries(rawLayers as Record<string, unknown>)) {
    const path = `layers.${name}`;
    if (!isObject(raw)) fail(path, "must be an object with reuseFactor and/or precision");
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry))
      if (!LAYER_KEYS.includes(key)) fail(`${path}.${key}`, `unknown key (known: ${LAYER_KEYS.join(", ")})`);
    const config: LayerConfig = {};
    if (entry.reuseFactor !== undefined) config.reuseFactor = reuse(`${path}.reuseFactor`, entry.reuseFactor);
    if (typeof entry.precision === "string") {
      const t = type(`${path}.precision`, entry.precision);
      config.precision = { weight: t, bias: t, result: t, accum: t };
    } else if (entry.precision !== undefined) {
      if (!isObject(entry.precision))
        fail(`${path}.precision`, "must be a type or an object with weight, bias, result, accum");
      const p = entry.precision as Record<string, unknown>;
      config.precision = {};
      for (const key of Object.keys(p)) {
        if (!(PRECISION_KEYS as readonly string[]).includes(key))
          fail(`${path}.precision.${key}`, `unknown key (known: ${PRECISION_KEYS.join(", ")})`);
        config.precision[key as (typeof PRECISION_KEYS)[number]] = type(`${path}.precision.${key}`, p[key]);
      }
    }
    layers[name] = config;
  }
  return {
    strategy: strategy as Manifest["strategy"],
    precision,
    input: json.input === undefined ? precision : type("input", json.input),
    reuseFactor: json.reuseFactor === undefined ? 1 : reuse("reuseFactor", json.reuseFactor),
    layers,
    ...(json.inputScaling === undefined ? {} : { inputScaling: parseInputScaling(json.inputScaling, fail) }),
  };
}

function parseInputScaling(raw: unknown, fail: (path: string, message: string) => never): InputScaling {
  if (!isObject(raw)) return fail("inputScaling", 'must be an object {"mean": [...], "scale": [...]}');
  for (const key of Object.keys(raw))
    if (key !== "mean" && key !== "scale") fail(`inputScaling.${key}`, "unknown key (known: mean, scale)");
  const numbers = (key: "mean" | "scale"): number[] => {
    const values = raw[key];
    if (!Array.isArray(values) || values.length === 0)
      return fail(`inputScaling.${key}`, "must be a list of numbers, one per input");
    values.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        fail(`inputScaling.${key}[${i}]`, `must be a finite number, not ${JSON.stringify(v)}`);
      if (key === "scale" && v === 0) fail(`inputScaling.scale[${i}]`, "must not be 0 (StandardScaler writes 1 there)");
    });
    return values as number[];
  };
  const mean = numbers("mean");
  const scale = numbers("scale");
  if (mean.length !== scale.length)
    fail("inputScaling", `mean has ${mean.length} values and scale ${scale.length}; they must match`);
  return { mean, scale };
}

/** A layer's types with the manifest's defaults filled in (accum defaults to the result type). */
export function layerPrecision(manifest: Manifest, name: string): LayerPrecision {
  const p = manifest.layers[name]?.precision ?? {};
  const result = p.result ?? manifest.precision;
  return {
    weight: p.weight ?? manifest.precision,
    bias: p.bias ?? manifest.precision,
    result,
    accum: p.accum ?? result,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
