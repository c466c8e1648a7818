/**
 * Accuracy at a score cut: the fraction of rows whose prediction
 * (score > cut ⇒ signal) equals the label. The cut is strict, so a score equal
 * to the cut counts as background. Default cut 0.5.
 * Cost: O(n). Throws on empty input.
 */
export function accuracy(labels: ArrayLike<number>, scores: ArrayLike<number>, cut = 0.5): number {
  if (labels.length === 0) throw new RangeError("accuracy of an empty sample is undefined");
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if ((scores[i] > cut ? 1 : 0) === (labels[i] ? 1 : 0)) correct++;
  return correct / labels.length;
}
