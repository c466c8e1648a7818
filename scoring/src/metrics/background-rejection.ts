import type { RocCurve } from "./roc-curve.ts";

export interface Rejection {
  /** 1/εB, or null when no background passes (εB = 0: unbounded). */
  value: number | null;
  unbounded: boolean;
  signalEfficiency: number;
  backgroundEfficiency: number;
  threshold: number;
}

/**
 * Background rejection 1/εB at a fixed signal efficiency εS.
 *
 * Convention: t* is the highest distinct score at which the fraction of signal
 * with score ≥ t* reaches εS (tp/n₁ ≥ εS, computed as that division, as a
 * numpy reference does); εB is the fraction of background with score ≥ t*.
 * Rows tied at t* pass. When εB = 0 the rejection is unbounded and reported as
 * `value: null, unbounded: true`, never as a huge number.
 * Source: the top-tagging comparison, Kasieczka et al., SciPost Phys. 7 (2019)
 * 014, which quotes 1/εB at εS = 0.3 (and 0.5).
 *
 * Cost: O(k) over the k curve points.
 */
export function backgroundRejection(curve: RocCurve, signalEfficiency: number): Rejection {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground, thresholds } = curve;
  let k = 0;
  while (k < tp.length - 1 && tp[k] / nSignal < signalEfficiency) k++;
  const eB = fp[k] / nBackground;
  return {
    value: eB > 0 ? 1 / eB : null,
    unbounded: eB === 0,
    signalEfficiency: tp[k] / nSignal,
    backgroundEfficiency: eB,
    threshold: thresholds[k],
  };
}
