// What the organizer sets for a fast-inference phase: the target device, the
// clock, the latency and resource constraints, and the figure of merit.
// Given to the scorer as `--config <json>`; every key has a default.

export interface Device {
  part: string;
  dsp: number;
  lut: number;
  ff: number;
  /** BRAM_18K blocks (two per BRAM36). */
  bram18k: number;
}

/** Xilinx Virtex UltraScale+ VU9P (xcvu9p): DS890, "UltraScale Architecture and Product Data Sheet", device table. */
export const XCVU9P: Device = { part: "xcvu9p", dsp: 6840, lut: 1_182_240, ff: 2_364_480, bram18k: 4320 };

export interface Constraints {
  maxLatencyNs?: number;
  maxIntervalCycles?: number;
  maxDspPercent?: number;
  maxLutPercent?: number;
  maxFfPercent?: number;
  maxBramPercent?: number;
}

export type Resource = "dsp" | "lut" | "ff" | "bram" | "max";

/**
 * "accuracy": the accuracy (ties go to the lower resource use, the
 * leaderboard's secondary metric); "accuracy-minus-resource": accuracy −
 * weight × utilisation of `resource` (a fraction; "max" takes the largest).
 */
export type FigureOfMerit =
  | { kind: "accuracy" }
  | { kind: "accuracy-minus-resource"; weight: number; resource: Resource };

export interface FpgaConfig {
  device: Device;
  clockNs: number;
  constraints: Constraints;
  figureOfMerit: FigureOfMerit;
}

export const DEFAULT_FPGA_CONFIG: FpgaConfig = {
  device: XCVU9P,
  clockNs: 5,
  constraints: {},
  figureOfMerit: { kind: "accuracy" },
};

/** Each constraint: its key, what it limits, and the unit its limit is written in (for messages and pages). */
export const CONSTRAINTS = [
  { key: "maxLatencyNs", what: "latency", unit: "ns" },
  { key: "maxIntervalCycles", what: "initiation interval", unit: "cycles" },
  { key: "maxDspPercent", what: "DSP", unit: "%" },
  { key: "maxLutPercent", what: "LUT", unit: "%" },
  { key: "maxFfPercent", what: "FF", unit: "%" },
  { key: "maxBramPercent", what: "BRAM", unit: "%" },
] as const satisfies readonly { key: keyof Constraints; what: string; unit: string }[];
const CONSTRAINT_KEYS = CONSTRAINTS.map((c) => c.key);
const RESOURCES: Resource[] = ["dsp", "lut", "ff", "bram", "max"];

/** The config with defaults filled in; throws an Error naming the key for anything invalid. */
export function parseFpgaConfig(input: unknown): FpgaConfig {
  if (input === undefined || input === null) return DEFAULT_FPGA_CONFIG;
  if (!isObject(input)) throw new Error("the FPGA config must be a JSON object");
  for (const key of Object.keys(input))
    if (!["device", "clockNs", "constraints", "figureOfMerit"].includes(key))
      throw new Error(`unknown key "${key}" (device, clockNs, constraints, figureOfMerit)`);
  const positive = (path: string, v: unknown): number => {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new Error(`${path} must be a positive number`);
    return v;
  };
  let device = XCVU9P;
  if (input.device !== undefined) {
    if (!isObject(input.device)) throw new Error("device must be an object {part, dsp, lut, ff, bram18k}");
    const d = input.device;
    if (typeof d.part !== "string" || !d.part) throw new Error("device.part must name the part, e.g. xcvu9p");
    device = {
      part: d.part,
      dsp: positive("device.dsp", d.dsp),
      lut: positive("device.lut", d.lut),
      ff: positive("device.ff", d.ff),
      bram18k: positive("device.bram18k", d.bram18k),
    };
  }
  const constraints: Constraints = {};
  if (input.constraints !== undefined) {
    if (!isObject(input.constraints)) throw new Error("constraints must be an object");
    for (const [key, value] of Object.entries(input.constraints)) {
      if (!(CONSTRAINT_KEYS as readonly string[]).includes(key))
        throw new Error(`constraints.${key} is unknown (${CONSTRAINT_KEYS.join(", ")})`);
      if (value === null) continue;
      constraints[key as keyof Constraints] = positive(`constraints.${key}`, value);
      if (key.endsWith("Percent") && (value as number) > 100) throw new Error(`constraints.${key} must be at most 100`);
    }
  }
  let figureOfMerit: FigureOfMerit = { kind: "accuracy" };
  if (input.figureOfMerit !== undefined) {
    const f = input.figureOfMerit;
    if (!isObject(f) || (f.kind !== "accuracy" && f.kind !== "accuracy-minus-resource"))
      throw new Error('figureOfMerit.kind must be "accuracy" or "accuracy-minus-resource"');
    if (f.kind === "accuracy-minus-resource") {
      if (!RESOURCES.includes(f.resource as Resource))
        throw new Error(`figureOfMerit.resource must be one of ${RESOURCES.join(", ")}`);
      figureOfMerit = {
        kind: f.kind,
        weight: positive("figureOfMerit.weight", f.weight),
        resource: f.resource as Resource,
      };
    }
  }
  return {
    device,
    clockNs: input.clockNs === undefined ? DEFAULT_FPGA_CONFIG.clockNs : positive("clockNs", input.clockNs),
    constraints,
    figureOfMerit,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
