import type { Rejection } from "./background-rejection.ts";
import type { RocCurve } from "./roc-curve.ts";

/**
 * Background rejection 1/εB at fixed εS, with εB linearly interpolated in εS:
 * exactly `np.interp(εS, tpr, fpr)` on the full ROC curve (every distinct
 * threshold, after a (0, 0) point), the convention of several public
 * top-tagging scripts. numpy's rules are followed to the last bit: the
 * segment is the one starting at the LAST point with tpr ≤ εS (so where
 * several points sit exactly at εS, the last, with the highest εB, counts);
 * there fpr is taken as it is, elsewhere slope·(εS − tpr[j]) + fpr[j] with
 * slope = (fpr[j+1] − fpr[j]) / (tpr[j+1] − tpr[j]).
 *
 * Cost: O(k) over the k curve points.
 */
export function backgroundRejectionInterpolated(
  curve: RocCurve,
  signalEfficiency: number,
): Omit<Rejection, "threshold"> {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  // The last point with tpr ≤ εS (index −1 is the (0, 0) point).
  let j = -1;
  while (j + 1 < tp.length && tp[j + 1] / nSignal <= signalEfficiency) j++;
  const x0 = j < 0 ? 0 : tp[j] / nSignal;
  const y0 = j < 0 ? 0 : fp[j] / nBackground;
  const eB =
    j + 1 >= tp.length
      ? y0
      : interpolateBackgroundEfficiency(signalEfficiency, x0, y0, tp[j + 1] / nSignal, fp[j + 1] / nBackground);
  return { value: eB > 0 ? 1 / eB : null, unbounded: eB === 0, signalEfficiency, backgroundEfficiency: eB };
}

/**
 * εB at εS from the segment (x0, y0)–(x1, y1) with x0 ≤ εS < x1, as np.interp
 * computes it: y0 when εS = x0, else slope·(εS − x0) + y0.
 */
export function interpolateBackgroundEfficiency(
  signalEfficiency: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  if (x0 === signalEfficiency) return y0;
  const slope = (y1 - y0) / (x1 - x0);
  return slope * (signalEfficiency - x0) + y0;
}
