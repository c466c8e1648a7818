import type { RocCurve } from "./roc-curve.ts";

/**
 * Kolmogorov–Smirnov distance between the score distributions of the two
 * classes: max over thresholds of |εS(t) − εB(t)|, the largest gap between
 * their (weighted) cumulative distributions. This is the agreement test of
 * the Flavours of Physics challenge (`compute_ks` in its evaluation code:
 * `max(abs(fpr - tpr))` of the weighted ROC curve, real data against
 * simulation on the control channel, a submission passing when KS < 0.09),
 * where the two "classes" are the two samples compared.
 * Source: Kaggle "Flavours of Physics: Finding τ → μμμ" (2015), evaluation.py.
 *
 * Cost: O(k) over the k curve points.
 */
export function ksDistance(curve: RocCurve): number {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  let d = 0;
  for (let k = 0; k < tp.length; k++) d = Math.max(d, Math.abs(tp[k] / nSignal - fp[k] / nBackground));
  return d;
}
