/**
 * Accuracy of weighted events at a score cut: the summed weight of the rows
 * whose prediction (score > cut ⇒ signal, strict as in accuracy.ts) equals
 * the label, over the total weight; scikit-learn's
 * `accuracy_score(y, s > cut, sample_weight=w)`.
 * Cost: O(n). Throws on an empty sample or a zero total weight.
 */
export function weightedAccuracy(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights: ArrayLike<number>,
  cut = 0.5,
): number {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    total += weights[i];
    if ((scores[i] > cut ? 1 : 0) === (labels[i] ? 1 : 0)) correct += weights[i];
  }
  if (labels.length === 0 || total === 0)
    throw new RangeError("accuracy of an empty or weightless sample is undefined");
  return correct / total;
}
