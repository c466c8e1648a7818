import type { Rejection } from "./background-rejection.ts";
import type { RocCurve } from "./roc-curve.ts";

/**
 * Background rejection 1/εB at fixed εS, with εB linearly interpolated in εS
 * between the two ROC points that bracket εS (the curve starts at (0, 0)).
 * This is the `np.interp(eff_s, tpr, fpr)` convention of several public
 * top-tagging scripts; it can differ from the threshold convention of
 * backgroundRejection() by up to one background jet. Where several points sit
 * exactly at εS, the first (lowest εB) is used.
 *
 * Cost: O(k) over the k curve points.
 */
export function backgroundRejectionInterpolated(
  curve: RocCurve,
  signalEfficiency: number,
): Omit<Rejection, "threshold"> {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  let x0 = 0;
  let y0 = 0;
  let eB = fp[fp.length - 1] / nBackground;
  for (let k = 0; k < tp.length; k++) {
    const x1 = tp[k] / nSignal;
    const y1 = fp[k] / nBackground;
    if (x1 >= signalEfficiency) {
      eB = interpolateBackgroundEfficiency(signalEfficiency, x0, y0, x1, y1);
      break;
    }
    x0 = x1;
    y0 = y1;
  }
  return { value: eB > 0 ? 1 / eB : null, unbounded: eB === 0, signalEfficiency, backgroundEfficiency: eB };
}

/** εB at εS on the segment (x0, y0)–(x1, y1) that first reaches εS (x1 ≥ εS > x0, or x1 = x0). */
export function interpolateBackgroundEfficiency(
  signalEfficiency: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  return x1 === signalEfficiency || x1 === x0 ? y1 : y0 + ((signalEfficiency - x0) * (y1 - y0)) / (x1 - x0);
}
