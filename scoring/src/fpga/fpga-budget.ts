// The FPGA score of an estimate against the organizer's device and
// constraints: utilisation of each resource, the constraints it breaks, the
// resource use that breaks accuracy ties, and the figure of merit.
import { CONSTRAINTS, type Constraints, type FpgaConfig, type Resource } from "./fpga-config.ts";
import type { ResourceEstimate } from "./resource-estimate.ts";

export interface Utilisation {
  /** Percent of the device's DSP, LUT, FF and BRAM_18K. */
  dspPercent: number;
  lutPercent: number;
  ffPercent: number;
  bramPercent: number;
}

export function utilisation(
  e: Pick<ResourceEstimate, "dsp" | "lut" | "ff" | "bram18k">,
  { device }: FpgaConfig,
): Utilisation {
  return {
    dspPercent: (100 * e.dsp) / device.dsp,
    lutPercent: (100 * e.lut) / device.lut,
    ffPercent: (100 * e.ff) / device.ff,
    bramPercent: (100 * e.bram18k) / device.bram18k,
  };
}

/** Resource use for ties: the largest utilisation of the four, in percent (lower is better). */
export function resourceUse(u: Utilisation): number {
  return Math.max(u.dspPercent, u.lutPercent, u.ffPercent, u.bramPercent);
}

/** Each broken constraint, said plainly ("latency 60 ns > 50 ns"); empty when within budget. */
export function violations(e: ResourceEstimate, u: Utilisation, { constraints }: FpgaConfig): string[] {
  const value: Record<keyof Constraints, number> = {
    maxLatencyNs: e.latencyNs,
    maxIntervalCycles: e.intervalCycles,
    maxDspPercent: u.dspPercent,
    maxLutPercent: u.lutPercent,
    maxFfPercent: u.ffPercent,
    maxBramPercent: u.bramPercent,
  };
  return CONSTRAINTS.filter(({ key }) => constraints[key] !== undefined && value[key] > constraints[key]!).map(
    ({ key, what, unit }) => `${what} ${round(value[key])} ${unit} > ${constraints[key]} ${unit}`,
  );
}

function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** The figure of merit of an accuracy (a number in [0, 1]) for this config. */
export function figureOfMerit(accuracy: number, u: Utilisation, { figureOfMerit: f }: FpgaConfig): number {
  if (f.kind === "accuracy") return accuracy;
  const share: Record<Resource, number> = {
    dsp: u.dspPercent,
    lut: u.lutPercent,
    ff: u.ffPercent,
    bram: u.bramPercent,
    max: resourceUse(u),
  };
  return accuracy - (f.weight * share[f.resource]) / 100;
}
