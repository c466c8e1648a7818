// A binary classification, configured by the challenge's bundle (no code):
// the truth's and the submission's column names, an optional per-event weight,
// and which metrics: ROC AUC, accuracy at a cut, 1/εB at a list of εS under
// the named conventions (threshold, interpolated, nearest), εS at a list of
// εB, the maximum significance improvement εS/√εB, and the AMS of the Higgs
// boson machine learning challenge (metrics/ams.ts) at a cut or optimised,
// and the KS distance between the classes' score distributions (the Flavours
// of Physics agreement test). With per-event weights every metric is the
// weighted one (weighted-roc-curve.ts; the AUC by the trapezoidal rule, as
// scikit-learn's sample_weight gives it); bootstrap intervals and paired
// replicates are then not computed (the resampler counts events).
//
// Keys: auc, accuracy, bgRejection<100·εS>[Interpolated|Nearest],
// sigEffAt<εB as 1e-3>, maxSI, ks, ams (and amsThreshold when optimised).
import { accuracy } from "../metrics/accuracy.ts";
import { amsAtCut, amsOptimised } from "../metrics/ams.ts";
import { backgroundRejection } from "../metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../metrics/background-rejection-interpolated.ts";
import { backgroundRejectionNearest } from "../metrics/background-rejection-nearest.ts";
import type { Interval } from "../metrics/bootstrap.ts";
import { bootstrapRoc } from "../metrics/roc-bootstrap.ts";
import { rocAucSorted } from "../metrics/roc-auc.ts";
import { type RocCurve, rocCurveSorted } from "../metrics/roc-curve.ts";
import { rocAucTrapezoid } from "../metrics/roc-auc-trapezoid.ts";
import { weightedRocCurve } from "../metrics/weighted-roc-curve.ts";
import { weightedAccuracy } from "../metrics/weighted-accuracy.ts";
import { ksDistance } from "../metrics/ks-distance.ts";
import { rocReplicates } from "../metrics/roc-replicates.ts";
import type { RocResampleOptions } from "../metrics/roc-resample.ts";
import {
  maxSignificanceImprovement,
  signalEfficiencyAtBackground,
} from "../metrics/signal-efficiency-at-background.ts";
import { sortByClass } from "../metrics/sorted-classes.ts";
import { backgroundTooSmallReason, labelsClassReason } from "../metrics/undefined-metric.ts";
import { type LabelledTruth, readLabelledTruth } from "../parse/read-truth-columns.ts";
import { type BinaryConfig, efficiencyKey, rejectionKey, binaryMetricKeys } from "./binary-config.ts";
import type { ScoreOptions } from "./top-tagging.ts";

export type BinaryTruth = LabelledTruth;

/** The truth: a CSV with exactly the configured columns (id, label[, weight]), or a pandas HDF5 frame holding them. */
export const readBinaryTruth = (file: string, c: BinaryConfig): Promise<BinaryTruth> =>
  readLabelledTruth(file, c.truth, 2);

export type BinaryScores = Record<string, unknown>;

export function scoreBinary(
  truth: { labels: Uint8Array; weights?: Float64Array },
  scores: Float64Array,
  c: BinaryConfig,
  { boot, replicates }: ScoreOptions = {},
): BinaryScores {
  const { labels, weights } = truth;
  const out: Record<string, unknown> = { nEvents: labels.length };
  const reasons: Record<string, string> = {};
  if (c.accuracyCut !== null)
    out.accuracy = weights
      ? weightedAccuracy(labels, scores, weights, c.accuracyCut)
      : accuracy(labels, scores, c.accuracyCut);
  if (c.ams) {
    const r =
      c.ams.cut === undefined
        ? amsOptimised(labels, scores, weights, c.ams.br)
        : amsAtCut(labels, scores, weights, c.ams.cut, c.ams.br);
    out.ams = r.ams;
    if ("threshold" in r) out.amsThreshold = Number.isFinite(r.threshold) ? r.threshold : null;
  }
  const rocKeys = binaryMetricKeys(c).filter((k) => !["accuracy", "ams", "amsThreshold"].includes(k));
  const { nSignal, reason: oneClass } = labelsClassReason(labels);
  if (oneClass) {
    for (const k of rocKeys) {
      out[k] = null;
      reasons[k] = oneClass;
    }
    return { ...out, reasons };
  }
  let curve: RocCurve;
  if (weights) {
    curve = weightedRocCurve(labels, scores, weights);
    out.auc = rocAucTrapezoid(curve);
  } else {
    const sorted = sortByClass(labels, scores);
    curve = rocCurveSorted(sorted);
    out.auc = rocAucSorted(sorted);
  }
  const unbounded: string[] = [];
  const rule = {
    threshold: backgroundRejection,
    interpolated: backgroundRejectionInterpolated,
    nearest: backgroundRejectionNearest,
  };
  for (const e of c.rejectionAt)
    for (const v of c.conventions) {
      const r = rule[v](curve, e);
      out[rejectionKey(e, v)] = r.value;
      if (r.unbounded) unbounded.push(rejectionKey(e, v));
    }
  for (const e of c.signalEfficiencyAt) {
    const why = backgroundTooSmallReason(e, labels.length - nSignal);
    if (why) reasons[efficiencyKey(e)] = why;
    out[efficiencyKey(e)] = why ? null : signalEfficiencyAtBackground(curve, e).signalEfficiency;
  }
  if (c.maxSignificance) out.maxSI = maxSignificanceImprovement(curve);
  if (c.ks) out.ks = ksDistance(curve);
  if (unbounded.length) out.unbounded = unbounded;
  if (Object.keys(reasons).length) out.reasons = reasons;
  if (weights) return out;
  // Intervals and paired replicates of the metrics the ROC resampler computes (not the nearest convention, not the AMS).
  const options: RocResampleOptions = {
    rejectionAt: c.conventions.some((v) => v !== "nearest") ? c.rejectionAt : [],
    signalEfficiencyAt: c.signalEfficiencyAt,
    ...(c.accuracyCut === null ? {} : { accuracyCut: c.accuracyCut }),
    maxSignificance: c.maxSignificance,
  };
  const keys: Record<string, string> = {
    auc: "auc",
    ...(c.accuracyCut === null ? {} : { accuracy: "accuracy" }),
    ...Object.fromEntries(
      c.conventions.includes("threshold")
        ? c.rejectionAt.map((e) => [`rejection@${e}`, rejectionKey(e, "threshold")])
        : [],
    ),
    ...Object.fromEntries(
      c.conventions.includes("interpolated")
        ? c.rejectionAt.map((e) => [`rejectionInterpolated@${e}`, rejectionKey(e, "interpolated")])
        : [],
    ),
    ...Object.fromEntries(c.signalEfficiencyAt.map((e) => [`signalEfficiency@${e}`, efficiencyKey(e)])),
    ...(c.maxSignificance ? { maxSignificance: "maxSI" } : {}),
  };
  const measured = Object.fromEntries(Object.entries(keys).filter(([, key]) => !(key in reasons)));
  if (boot) {
    const ci = bootstrapRoc(labels, scores, options, boot);
    out.ci = Object.fromEntries(Object.entries(measured).map(([name, key]) => [key, ci[name] as Interval]));
  }
  if (replicates) out.replicates = rocReplicates(labels, scores, options, measured, replicates);
  return out;
}
