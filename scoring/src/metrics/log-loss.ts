/**
 * Multi-class log-loss (cross-entropy): the (weighted) mean over rows of
 * −log p̂(true class), where each row's probabilities are first clipped to
 * [ε, 1 − ε] with ε = 2⁻⁵² (float64's machine epsilon) and then divided by
 * their sum. This is scikit-learn's `log_loss(y, P, sample_weight=w)`
 * (eps="auto", its default from 1.2, which also renormalises the rows).
 * `probabilities` holds one array per class, row-aligned with `labels`.
 * Source: scikit-learn, sklearn/metrics/_classification.py.
 *
 * Cost: O(n·K).
 */
export function logLoss(
  labels: ArrayLike<number>,
  probabilities: readonly ArrayLike<number>[],
  weights?: ArrayLike<number>,
): number {
  const eps = 2 ** -52;
  const clip = (p: number) => Math.min(Math.max(p, eps), 1 - eps);
  let loss = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    let sum = 0;
    for (const column of probabilities) sum += clip(column[i]);
    const w = weights ? weights[i] : 1;
    loss -= w * Math.log(clip(probabilities[labels[i]][i]) / sum);
    total += w;
  }
  return loss / total;
}
