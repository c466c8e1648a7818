// The FPGA score of an estimate against the organizer's device and
// constraints: utilisation of each resource, the constraints it breaks, the
// resource use that breaks accuracy ties, and the figure of merit.
import type { FpgaConfig, Resource } from "./fpga-config.ts";
import type { ResourceEstimate } from "./resource-estimate.ts";

export interface Utilisation {
  /** Percent of the device's DSP, LUT, FF and BRAM_18K. */
  dspPercent: number;
  lutPercent: number;
  ffPercent: number;
  bramPercent: number;
}

export function utilisation(e: Pick<ResourceEstimate, "dsp" | "lut" | "ff" | "bram18k">, { device }: FpgaConfig): Utilisation {
  return { dspPercent: (100 * e.dsp) / device.dsp, lutPercent: (100 * e.lut) / device.lut, ffPercent: (100 * e.ff) / device.ff, bramPercent: (100 * e.bram18k) / device.bram18k };
}

/** Resource use for ties: the largest utilisation of the four, in percent (lower is better). */
export function resourceUse(u: Utilisation): number {
  return Math.max(u.dspPercent, u.lutPercent, u.ffPercent, u.bramPercent);
}

/** Each broken constraint, said plainly ("latency 60 ns > 50 ns"); empty when within budget. */
export function violations(e: ResourceEstimate, u: Utilisation, { constraints: c }: FpgaConfig): string[] {
  const out: string[] = [];
  const check = (limit: number | undefined, value: number, what: string, unit: string) => {
    if (limit !== undefined && value > limit) out.push(`${what} ${round(value)}${unit} > ${limit}${unit}`);
  };
  check(c.maxLatencyNs, e.latencyNs, "latency", " ns");
  check(c.maxIntervalCycles, e.intervalCycles, "initiation interval", " cycles");
  check(c.maxDspPercent, u.dspPercent, "DSP", " %");
  check(c.maxLutPercent, u.lutPercent, "LUT", " %");
  check(c.maxFfPercent, u.ffPercent, "FF", " %");
  check(c.maxBramPercent, u.bramPercent, "BRAM", " %");
  return out;
}

function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** The figure of merit of an accuracy (a number in [0, 1]) for this config. */
export function figureOfMerit(accuracy: number, u: Utilisation, { figureOfMerit: f }: FpgaConfig): number {
  if (f.kind === "accuracy") return accuracy;
  const share: Record<Resource, number> = { dsp: u.dspPercent, lut: u.lutPercent, ff: u.ffPercent, bram: u.bramPercent, max: resourceUse(u) };
  return accuracy - (f.weight * share[f.resource]) / 100;
}
