import { sortByClass, type SortedClasses } from "./sorted-classes.ts";

/**
 * Area under the ROC curve.
 *
 * Definition: AUC = U / (n₁·n₀), the Mann–Whitney U statistic: the fraction of
 * (signal, background) pairs in which the signal scores higher, a tied pair
 * counting one half. This equals scikit-learn's `roc_auc_score` (trapezoidal
 * area under the curve with tied scores forming one point).
 * Source: Mann & Whitney (1947); Hanley & McNeil, Radiology 143 (1982) 29.
 *
 * Exactness: 2U is accumulated as an integer in a float64; it is at most
 * 2·n₁·n₀ ≤ n²/2, below 2⁵³ for n up to 1.3·10⁸ rows, so the only rounding is
 * the final division.
 *
 * Cost: O(n log n) for the sort, then O(n) for a merge of the two classes.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return rocAucSorted(sortByClass(labels, scores));
}

export function rocAucSorted({ signal, background }: SortedClasses): number {
  let twoU = 0;
  let below = 0; // background scores < current signal score
  let belowOrEqual = 0; // background scores <= current signal score
  for (let i = 0; i < signal.length; i++) {
    const s = signal[i];
    while (below < background.length && background[below] < s) below++;
    if (belowOrEqual < below) belowOrEqual = below;
    while (belowOrEqual < background.length && background[belowOrEqual] === s) belowOrEqual++;
    twoU += 2 * below + (belowOrEqual - below);
  }
  return twoU / (2 * signal.length * background.length);
}
