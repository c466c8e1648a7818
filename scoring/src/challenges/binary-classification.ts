// A binary classification, configured by the challenge's bundle (no code):
// the truth's and the submission's column names, an optional per-event weight,
// and which metrics: ROC AUC, accuracy at a cut, 1/εB at a list of εS under
// the named conventions (threshold, interpolated, nearest), εS at a list of
// εB, the maximum significance improvement εS/√εB, and the AMS of the Higgs
// boson machine learning challenge (metrics/ams.ts) at a cut or optimised.
// The AMS uses the weights; the ROC metrics count events (a weighted ROC is
// not yet implemented, and a bundle asking for one with weights is refused).
//
// Keys: auc, accuracy, bgRejection<100·εS>[Interpolated|Nearest],
// sigEffAt<εB as 1e-3>, maxSI, ams (and amsThreshold when optimised).
import path from "node:path";
import { accuracy } from "../metrics/accuracy.ts";
import { amsAtCut, amsOptimised } from "../metrics/ams.ts";
import { backgroundRejection } from "../metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../metrics/background-rejection-interpolated.ts";
import { backgroundRejectionNearest } from "../metrics/background-rejection-nearest.ts";
import type { Interval } from "../metrics/bootstrap.ts";
import { bootstrapRoc } from "../metrics/roc-bootstrap.ts";
import { rocAucSorted } from "../metrics/roc-auc.ts";
import { rocCurveSorted } from "../metrics/roc-curve.ts";
import { rocReplicates } from "../metrics/roc-replicates.ts";
import type { RocResampleOptions } from "../metrics/roc-resample.ts";
import {
  maxSignificanceImprovement,
  signalEfficiencyAtBackground,
} from "../metrics/signal-efficiency-at-background.ts";
import { sortByClass } from "../metrics/sorted-classes.ts";
import { backgroundTooSmallReason, labelsClassReason } from "../metrics/undefined-metric.ts";
import { forEachCsvRow } from "../parse/csv-lines.ts";
import { InputError } from "../parse/input-error.ts";
import { isHdf5, readPandasColumns } from "../parse/pandas-hdf5.ts";
import { parseFiniteNumber, parseNonNegativeInteger } from "../parse/parse-number.ts";
import { readHead } from "../parse/read-head.ts";
import { DEFAULT_LIMITS, readInput } from "../parse/read-input.ts";
import { type BinaryConfig, efficiencyKey, rejectionKey, binaryMetricKeys } from "./binary-config.ts";
import type { ScoreOptions } from "./top-tagging.ts";

export interface BinaryTruth {
  ids: Float64Array;
  labels: Uint8Array;
  weights?: Float64Array;
}

/** The truth: a CSV with exactly the configured columns (id, label[, weight]), or a pandas HDF5 frame holding them. */
export async function readBinaryTruth(file: string, c: BinaryConfig): Promise<BinaryTruth> {
  const label = path.basename(file);
  const { id, label: labelColumn, weight } = c.truth;
  const checkLabel = (v: number, where: () => InputError) => {
    if (v !== 0 && v !== 1) throw where();
    return v;
  };
  if (isHdf5(await readHead(file, 8))) {
    const cols = await readPandasColumns(file, c.truth.key, [id, labelColumn, ...(weight ? [weight] : [])], label);
    const labels = Uint8Array.from(cols.get(labelColumn)!, (v, i) =>
      checkLabel(
        v,
        () => new InputError(`${c.truth.key}, column ${labelColumn}, row ${i}: expected 0 or 1, found ${v}`, label),
      ),
    );
    return { ids: cols.get(id)!, labels, ...(weight ? { weights: cols.get(weight)! } : {}) };
  }
  const data = await readInput(file, { ...DEFAULT_LIMITS, maxBytes: 16 * 1024 ** 3 }, label);
  const ids: number[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  forEachCsvRow(data, label, [id, labelColumn, ...(weight ? [weight] : [])], (f, line) => {
    ids.push(parseNonNegativeInteger(f[0], label, line, 1, id));
    const y = parseNonNegativeInteger(f[1], label, line, 2, labelColumn);
    labels.push(checkLabel(y, () => new InputError(`${labelColumn} must be 0 or 1`, label, line, 2)));
    if (weight) weights.push(parseFiniteNumber(f[2], label, line, 3, weight));
  });
  return {
    ids: Float64Array.from(ids),
    labels: Uint8Array.from(labels),
    ...(weight ? { weights: Float64Array.from(weights) } : {}),
  };
}

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
  if (c.accuracyCut !== null) out.accuracy = accuracy(labels, scores, c.accuracyCut);
  if (c.ams) {
    const r =
      c.ams.cut === undefined
        ? amsOptimised(labels, scores, weights, c.ams.br)
        : amsAtCut(labels, scores, weights, c.ams.cut, c.ams.br);
    out.ams = r.ams;
    if ("threshold" in r) out.amsThreshold = Number.isFinite(r.threshold) ? r.threshold : null;
  }
  const rocKeys = binaryMetricKeys(c).filter((k) => !["accuracy", "ams", "amsThreshold"].includes(k));
  const { reason: oneClass } = labelsClassReason(labels);
  if (oneClass) {
    for (const k of rocKeys) {
      out[k] = null;
      reasons[k] = oneClass;
    }
    return { ...out, reasons };
  }
  const sorted = sortByClass(labels, scores);
  const curve = rocCurveSorted(sorted);
  out.auc = rocAucSorted(sorted);
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
    const why = backgroundTooSmallReason(e, curve.nBackground);
    if (why) reasons[efficiencyKey(e)] = why;
    out[efficiencyKey(e)] = why ? null : signalEfficiencyAtBackground(curve, e).signalEfficiency;
  }
  if (c.maxSignificance) out.maxSI = maxSignificanceImprovement(curve);
  if (unbounded.length) out.unbounded = unbounded;
  if (Object.keys(reasons).length) out.reasons = reasons;
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
