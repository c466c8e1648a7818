import { sortByClass, type SortedClasses } from "./sorted-classes.ts";

/**
 * The ROC curve at every distinct threshold, highest score first. Point k
 * counts the rows with score ≥ thresholds[k]: tied scores form one point.
 * This is scikit-learn's `roc_curve(drop_intermediate=False)` without its
 * extra (0, 0) point at +∞.
 *
 * Cost: O(n log n) for the sort, O(n) for the walk.
 */
export interface RocCurve {
  thresholds: Float64Array;
  /** Signal rows with score ≥ threshold. */
  truePositives: Float64Array;
  /** Background rows with score ≥ threshold. */
  falsePositives: Float64Array;
  nSignal: number;
  nBackground: number;
}

export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  return rocCurveSorted(sortByClass(labels, scores));
}

export function rocCurveSorted({ signal, background }: SortedClasses): RocCurve {
  const capacity = signal.length + background.length;
  const thresholds = new Float64Array(capacity);
  const tp = new Float64Array(capacity);
  const fp = new Float64Array(capacity);
  let i = signal.length - 1;
  let j = background.length - 1;
  let nTp = 0;
  let nFp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? background[j] : j < 0 ? signal[i] : Math.max(signal[i], background[j]);
    while (i >= 0 && signal[i] === t) {
      nTp++;
      i--;
    }
    while (j >= 0 && background[j] === t) {
      nFp++;
      j--;
    }
    thresholds[k] = t;
    tp[k] = nTp;
    fp[k] = nFp;
    k++;
  }
  return {
    thresholds: thresholds.slice(0, k),
    truePositives: tp.slice(0, k),
    falsePositives: fp.slice(0, k),
    nSignal: signal.length,
    nBackground: background.length,
  };
}
