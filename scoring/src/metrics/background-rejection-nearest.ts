import type { Rejection } from "./background-rejection.ts";
import type { RocCurve } from "./roc-curve.ts";

/**
 * Background rejection 1/εB at fixed εS by the "nearest point" rule of the
 * public top-tagging evaluation scripts (LorentzNet, PELICAN, the Lorentz
 * Group Network's): `fpr, tpr, _ = sklearn.metrics.roc_curve(y, s)` with its
 * default arguments, then the point whose tpr is nearest to εS
 * (`np.argmin(np.abs(tpr - εS))`, the first on ties), and 1/fpr there.
 *
 * scikit-learn's defaults matter: `drop_intermediate=True` keeps only the
 * points where the curve turns (a point is dropped when both its fps and tps
 * second differences are 0), and a (0, 0) point is put first. The nearest
 * point is searched among those, exactly as the scripts do, so on small or
 * tied test sets this differs from the threshold and interpolated rules.
 * When fpr = 0 there, the rejection is unbounded (null), never a huge number.
 *
 * Cost: O(k) over the k curve points.
 */
export function backgroundRejectionNearest(curve: RocCurve, signalEfficiency: number): Omit<Rejection, "threshold"> {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  const k = tp.length;
  // scikit-learn: optimal_idxs = where(r_[True, logical_or(diff(fps, 2), diff(tps, 2)), True]).
  const kept = (i: number) =>
    k <= 2 ||
    i === 0 ||
    i === k - 1 ||
    fp[i + 1] - 2 * fp[i] + fp[i - 1] !== 0 ||
    tp[i + 1] - 2 * tp[i] + tp[i - 1] !== 0;
  // The prepended (0, 0) point, then the kept ones; tpr = tps / tps[-1], fpr = fps / fps[-1], as sklearn divides.
  let bestTpr = 0;
  let bestFpr = 0;
  let bestDistance = Math.abs(0 - signalEfficiency);
  for (let i = 0; i < k; i++) {
    if (!kept(i)) continue;
    const tpr = tp[i] / nSignal;
    const distance = Math.abs(tpr - signalEfficiency);
    if (distance < bestDistance) {
      bestDistance = distance;
      bestTpr = tpr;
      bestFpr = fp[i] / nBackground;
    }
  }
  return {
    value: bestFpr > 0 ? 1 / bestFpr : null,
    unbounded: bestFpr === 0,
    signalEfficiency: bestTpr,
    backgroundEfficiency: bestFpr,
  };
}
