import type { RocCurve } from "./roc-curve.ts";

/**
 * Area under a ROC curve by the trapezoidal rule from (0, 0) through every
 * point, as scikit-learn's `auc(fpr, tpr)` after `roc_curve` (hence
 * `roc_auc_score`, also with `sample_weight`). On an unweighted curve this
 * equals the Mann–Whitney AUC of roc-auc.ts; it is the AUC of weighted events
 * (weighted-roc-curve.ts), where each pair counts the product of its weights.
 * Source: Fawcett, Pattern Recognition Letters 27 (2006) 861, algorithm 3.
 *
 * Cost: O(k) over the k curve points.
 */
export function rocAucTrapezoid(curve: RocCurve): number {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  let area = 0;
  let x0 = 0;
  let y0 = 0;
  for (let k = 0; k < tp.length; k++) {
    const x = fp[k] / nBackground;
    const y = tp[k] / nSignal;
    area += ((x - x0) * (y + y0)) / 2;
    x0 = x;
    y0 = y;
  }
  return area;
}
