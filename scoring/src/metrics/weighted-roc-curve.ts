import type { RocCurve } from "./roc-curve.ts";

/**
 * The ROC curve of weighted events: point k holds the summed weight of the
 * signal (and of the background) with score ≥ thresholds[k], highest score
 * first, tied scores forming one point; nSignal and nBackground are the
 * classes' total weights. Every working point defined on a RocCurve
 * (background-rejection*.ts, signal-efficiency-at-background.ts) is then the
 * weighted one. This is scikit-learn's `roc_curve(y, s, sample_weight=w,
 * drop_intermediate=False)` without its extra (0, 0) point; weights may be
 * negative (sWeights), as there.
 *
 * Exactness: the weights are summed in descending score order, as
 * scikit-learn's cumulative sum does; within a group of tied scores the order
 * differs, which changes a sum by a few ulps at most.
 *
 * Cost: O(n log n) for the sort, O(n) for the walk.
 */
export function weightedRocCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights: ArrayLike<number>,
): RocCurve {
  const n = labels.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const thresholds = new Float64Array(n);
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  let sumTp = 0;
  let sumFp = 0;
  let k = 0;
  for (let i = 0; i < n; ) {
    const t = scores[order[i]];
    for (; i < n && scores[order[i]] === t; i++) {
      const e = order[i];
      if (labels[e]) sumTp += weights[e];
      else sumFp += weights[e];
    }
    thresholds[k] = t;
    tp[k] = sumTp;
    fp[k] = sumFp;
    k++;
  }
  return {
    thresholds: thresholds.slice(0, k),
    truePositives: tp.slice(0, k),
    falsePositives: fp.slice(0, k),
    nSignal: sumTp,
    nBackground: sumFp,
  };
}
