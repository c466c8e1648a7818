// Top-tagging scorer: truth `id,is_signal` (CSV) or the labelled HDF5 test
// file (pandas key "table", label column is_signal_new, id = row index);
// submission `id,score`, one row per test jet.
import path from "node:path";
import { accuracy } from "../metrics/accuracy.ts";
import type { Interval } from "../metrics/bootstrap.ts";
import { bootstrapRoc } from "../metrics/roc-bootstrap.ts";
import { backgroundRejection } from "../metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../metrics/background-rejection-interpolated.ts";
import { backgroundRejectionNearest } from "../metrics/background-rejection-nearest.ts";
import { labelsClassReason } from "../metrics/undefined-metric.ts";
import { downsampleRoc, type RocPoint } from "../metrics/downsample-roc.ts";
import { rocAucSorted } from "../metrics/roc-auc.ts";
import { rocReplicates } from "../metrics/roc-replicates.ts";
import { rocCurveSorted } from "../metrics/roc-curve.ts";
import { rocWorkingPoints } from "../metrics/roc-working-points.ts";
import { sortByClass } from "../metrics/sorted-classes.ts";
import { forEachCsvRow } from "../parse/csv-lines.ts";
import { InputError } from "../parse/input-error.ts";
import { isHdf5, readPandasColumns } from "../parse/pandas-hdf5.ts";
import { parseNonNegativeInteger } from "../parse/parse-number.ts";
import { readHead } from "../parse/read-head.ts";
import { readInput, DEFAULT_LIMITS } from "../parse/read-input.ts";

export interface LabelledIds {
  ids: Float64Array;
  labels: Uint8Array;
}

export interface TopTaggingScores {
  auc: number | null;
  accuracy: number;
  bgRejection30: number | null;
  bgRejection50: number | null;
  bgRejection30Interpolated: number | null;
  bgRejection50Interpolated: number | null;
  bgRejection30Nearest: number | null;
  bgRejection50Nearest: number | null;
  /** Keys of rejections that are unbounded (no background passed: εB = 0). */
  unbounded: string[];
  /** Why a metric is null (undefined on this test set), in words. */
  reasons?: Record<string, string>;
  nJets: number;
  /** The full curve (shown once the phase's results are released) and the fixed working points (rocWorkingPoints). */
  /** Absent when the test set holds one class only (no ROC curve). */
  curves: { roc?: RocPoint[]; workingPoints?: RocPoint[] };
  /** Bootstrap intervals of every scalar metric, when asked for. */
  ci?: Record<string, Interval>;
  /** Paired-bootstrap replicates of every ROC metric (paired-replicates.ts), when asked for. */
  replicates?: Record<string, string>;
}

export interface ScoreOptions {
  /** Percentile intervals (bootstrap.ts). */
  boot?: { resamples: number; seed: number };
  /** Replicates on the phase's shared resamples (paired-replicates.ts). */
  replicates?: { resamples: number; seed: number };
}

/** Reads the hidden labels. Errors here are the organizer's (exit code 1). */
export async function readTopTaggingTruth(file: string): Promise<LabelledIds> {
  const label = path.basename(file);
  if (isHdf5(await readHead(file, 8))) {
    const cols = await readPandasColumns(file, "table", ["is_signal_new"], label);
    const values = cols.get("is_signal_new")!;
    const labels = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (v !== 0 && v !== 1)
        throw new InputError(`table, column is_signal_new, row ${i}: expected 0 or 1, found ${values[i]}`, label);
      labels[i] = v;
    }
    return { ids: Float64Array.from(labels, (_, i) => i), labels };
  }
  const data = await readInput(file, { ...DEFAULT_LIMITS, maxBytes: 16 * 1024 ** 3 }, label);
  const ids: number[] = [];
  const labels: number[] = [];
  forEachCsvRow(data, label, ["id", "is_signal"], (f, line) => {
    ids.push(parseNonNegativeInteger(f[0], label, line, 1, "id"));
    const y = parseNonNegativeInteger(f[1], label, line, 2, "is_signal");
    if (y > 1) throw new InputError("is_signal must be 0 or 1", label, line, 2);
    labels.push(y);
  });
  return { ids: Float64Array.from(ids), labels: Uint8Array.from(labels) };
}

const REJECTION_KEYS = [
  ["bgRejection30", 0.3],
  ["bgRejection50", 0.5],
] as const;

const ROC_OPTIONS = { rejectionAt: REJECTION_KEYS.map(([, e]) => e), signalEfficiencyAt: [], accuracyCut: 0.5 };

/** The scorer's key of each ROC resample statistic. */
const ROC_KEYS: Record<string, string> = {
  auc: "auc",
  accuracy: "accuracy",
  ...Object.fromEntries(REJECTION_KEYS.map(([key, e]) => [`rejection@${e}`, key])),
  ...Object.fromEntries(REJECTION_KEYS.map(([key, e]) => [`rejectionInterpolated@${e}`, `${key}Interpolated`])),
};

export function scoreTopTagging(
  labels: Uint8Array,
  scores: Float64Array,
  { boot, replicates }: ScoreOptions = {},
): TopTaggingScores {
  const { reason: undefinedBecause } = labelsClassReason(labels);
  if (undefinedBecause) {
    // One class only (a tiny test set, or one side of the split): scored, the ROC metrics null.
    const roc = ["auc", ...REJECTION_KEYS.flatMap(([key]) => [key, `${key}Interpolated`, `${key}Nearest`])];
    return {
      auc: null,
      accuracy: accuracy(labels, scores, 0.5),
      bgRejection30: null,
      bgRejection50: null,
      bgRejection30Interpolated: null,
      bgRejection50Interpolated: null,
      bgRejection30Nearest: null,
      bgRejection50Nearest: null,
      unbounded: [],
      reasons: Object.fromEntries(roc.map((k) => [k, undefinedBecause])),
      nJets: labels.length,
      curves: {},
    };
  }
  const sorted = sortByClass(labels, scores);
  const curve = rocCurveSorted(sorted);
  const r30 = backgroundRejection(curve, 0.3);
  const r50 = backgroundRejection(curve, 0.5);
  const i30 = backgroundRejectionInterpolated(curve, 0.3);
  const i50 = backgroundRejectionInterpolated(curve, 0.5);
  const n30 = backgroundRejectionNearest(curve, 0.3);
  const n50 = backgroundRejectionNearest(curve, 0.5);
  const rejections = {
    bgRejection30: r30,
    bgRejection50: r50,
    bgRejection30Interpolated: i30,
    bgRejection50Interpolated: i50,
    bgRejection30Nearest: n30,
    bgRejection50Nearest: n50,
  };
  return {
    auc: rocAucSorted(sorted),
    accuracy: accuracy(labels, scores, 0.5),
    bgRejection30: r30.value,
    bgRejection50: r50.value,
    bgRejection30Interpolated: i30.value,
    bgRejection50Interpolated: i50.value,
    bgRejection30Nearest: n30.value,
    bgRejection50Nearest: n50.value,
    unbounded: Object.entries(rejections)
      .filter(([, r]) => r.unbounded)
      .map(([k]) => k),
    nJets: labels.length,
    curves: { roc: downsampleRoc(curve, 200), workingPoints: rocWorkingPoints(curve) },
    ...(boot ? { ci: topTaggingIntervals(labels, scores, boot) } : {}),
    ...(replicates ? { replicates: rocReplicates(labels, scores, ROC_OPTIONS, ROC_KEYS, replicates) } : {}),
  };
}

function topTaggingIntervals(
  labels: Uint8Array,
  scores: Float64Array,
  boot: { resamples: number; seed: number },
): Record<string, Interval> {
  const ci = bootstrapRoc(labels, scores, ROC_OPTIONS, boot);
  return Object.fromEntries(Object.entries(ROC_KEYS).map(([name, key]) => [key, ci[name]]));
}
