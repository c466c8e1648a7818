import type { RocCurve } from "./roc-curve.ts";

export interface WorkingPoint {
  backgroundEfficiencyTarget: number;
  signalEfficiency: number;
  backgroundEfficiency: number;
  /** Significance improvement εS/√εB at the nominal working point εB. */
  significanceImprovement: number;
}

/**
 * Signal efficiency εS at a fixed background efficiency εB (the Dark Machines
 * anomaly-detection working points εB = 10⁻², 10⁻³, 10⁻⁴).
 *
 * Convention: t* is the lowest threshold whose background pass fraction is
 * still ≤ εB; εS is the signal pass fraction there (0 when even the highest
 * score lets too much background through). SI = εS/√εB uses the nominal εB.
 * Source: Aarrestad et al., "The Dark Machines Anomaly Score Challenge",
 * SciPost Phys. 12 (2022) 043.
 *
 * Cost: O(k) over the k curve points.
 */
export function signalEfficiencyAtBackground(curve: RocCurve, backgroundEfficiency: number): WorkingPoint {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  let eS = 0;
  let eB = 0;
  for (let k = 0; k < tp.length && fp[k] / nBackground <= backgroundEfficiency; k++) {
    eS = tp[k] / nSignal;
    eB = fp[k] / nBackground;
  }
  return {
    backgroundEfficiencyTarget: backgroundEfficiency,
    signalEfficiency: eS,
    backgroundEfficiency: eB,
    significanceImprovement: eS / Math.sqrt(backgroundEfficiency),
  };
}

/**
 * The maximum of εS/√εB over all ROC points with εB > 0.
 * Cost: O(k).
 */
export function maxSignificanceImprovement(curve: RocCurve): number {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  let best = 0;
  for (let k = 0; k < tp.length; k++) {
    if (fp[k] === 0) continue;
    const si = tp[k] / nSignal / Math.sqrt(fp[k] / nBackground);
    if (si > best) best = si;
  }
  return best;
}
