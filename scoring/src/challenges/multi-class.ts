// A multi-class classification, configured by the challenge's bundle: the
// class names (the truth's label is the class index; the submission has one
// probability column per class, named by the class), optional per-event
// weights. Scores: each class's one-vs-rest ROC AUC, their unweighted mean
// (scikit-learn's roc_auc_score(multi_class="ovr", average="macro")), the
// accuracy of the most probable class (the first on a tie, as numpy's
// argmax), and the log-loss (metrics/log-loss.ts). With weights each is the
// weighted one.
//
// Keys: aucMacro, auc_<class>, accuracy, logLoss (multi-class-config.ts).
import { rocAuc } from "../metrics/roc-auc.ts";
import { rocAucTrapezoid } from "../metrics/roc-auc-trapezoid.ts";
import { weightedRocCurve } from "../metrics/weighted-roc-curve.ts";
import { logLoss } from "../metrics/log-loss.ts";
import { oneClassReason } from "../metrics/undefined-metric.ts";
import { type LabelledTruth, readLabelledTruth } from "../parse/read-truth-columns.ts";
import type { MultiClassConfig } from "./multi-class-config.ts";

export type MultiClassTruth = LabelledTruth;

/** The truth: a CSV with exactly the configured columns (id, label[, weight]), or a pandas HDF5 frame holding them. */
export const readMultiClassTruth = (file: string, c: MultiClassConfig): Promise<MultiClassTruth> =>
  readLabelledTruth(file, c.truth, c.classes.length);

/** A submitted probability must be a number from 0 to 1 (readColumnsFor's check: located at its line and column). */
export const probabilityProblem = (p: number, column: string) =>
  p >= 0 && p <= 1 ? null : `${column} must be a probability from 0 to 1, found ${p}`;

export function scoreMultiClass(
  truth: Omit<MultiClassTruth, "ids">,
  probabilities: readonly Float64Array[],
  c: MultiClassConfig,
) {
  const { labels, weights } = truth;
  const n = labels.length;
  const out: Record<string, unknown> = { nEvents: n };
  const reasons: Record<string, string> = {};
  const aucs: (number | null)[] = c.classes.map((name, k) => {
    const isClass = Uint8Array.from(labels, (y) => (y === k ? 1 : 0));
    const nClass = isClass.reduce((a, b) => a + b, 0);
    const why = oneClassReason(nClass, n - nClass);
    if (why) {
      reasons[`auc_${name}`] = why;
      return null;
    }
    return weights
      ? rocAucTrapezoid(weightedRocCurve(isClass, probabilities[k], weights))
      : rocAuc(isClass, probabilities[k]);
  });
  c.classes.forEach((name, k) => {
    out[`auc_${name}`] = aucs[k];
  });
  out.aucMacro = aucs.includes(null) ? null : (aucs as number[]).reduce((a, b) => a + b, 0) / aucs.length;
  if (out.aucMacro === null) reasons.aucMacro = "undefined: a class has no events in the test set";
  let correct = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k][i] > probabilities[best][i]) best = k;
    const w = weights ? weights[i] : 1;
    total += w;
    if (best === labels[i]) correct += w;
  }
  out.accuracy = n ? correct / total : null;
  out.logLoss = n ? logLoss(labels, probabilities, weights) : null;
  if (Object.keys(reasons).length) out.reasons = reasons;
  return out;
}
