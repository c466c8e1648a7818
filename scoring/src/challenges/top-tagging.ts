// Top-tagging scorer: truth `id,is_signal` (CSV) or the labelled HDF5 test
// file (pandas key "table", label column is_signal_new, id = row index);
// submission `id,score`, one row per test jet.
import path from "node:path";
import { accuracy } from "../metrics/accuracy.ts";
import { backgroundRejection } from "../metrics/background-rejection.ts";
import { backgroundRejectionInterpolated } from "../metrics/background-rejection-interpolated.ts";
import { downsampleRoc, type RocPoint } from "../metrics/downsample-roc.ts";
import { rocAucSorted } from "../metrics/roc-auc.ts";
import { rocCurveSorted } from "../metrics/roc-curve.ts";
import { sortByClass } from "../metrics/sorted-classes.ts";
import { forEachCsvRow } from "../parse/csv-lines.ts";
import { InputError } from "../parse/input-error.ts";
import { isHdf5, readPandasColumns } from "../parse/pandas-hdf5.ts";
import { parseFiniteNumber, parseNonNegativeInteger } from "../parse/parse-number.ts";
import { readHead } from "../parse/read-head.ts";
import { readInput, type ReadLimits, DEFAULT_LIMITS } from "../parse/read-input.ts";

export interface LabelledIds {
  ids: Float64Array;
  labels: Uint8Array;
}

export interface TopTaggingScores {
  auc: number;
  accuracy: number;
  bgRejection30: number | null;
  bgRejection50: number | null;
  bgRejection30Interpolated: number | null;
  bgRejection50Interpolated: number | null;
  /** Keys of rejections that are unbounded (no background passed: εB = 0). */
  unbounded: string[];
  nJets: number;
  curves: { roc: RocPoint[] };
}

/** Reads the hidden labels. Errors here are the organizer's (exit code 1). */
export async function readTopTaggingTruth(file: string): Promise<LabelledIds> {
  const label = path.basename(file);
  if (isHdf5(await readHead(file, 8))) {
    const cols = await readPandasColumns(file, "table", ["is_signal_new"], label);
    const labels = Uint8Array.from(cols.get("is_signal_new")!, (v) => (v ? 1 : 0));
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

/**
 * Reads `id,score` and returns the scores in truth order. Every truth id must
 * appear exactly once and no other id may appear.
 */
export async function readScoresFor(file: string, truth: LabelledIds, limits: ReadLimits = DEFAULT_LIMITS, label = path.basename(file)): Promise<Float64Array> {
  const n = truth.ids.length;
  // Dense ids 0..n-1 (the usual case) index directly; others go through a map.
  const dense = truth.ids.every((id, i) => id === i);
  const position = dense ? undefined : new Map(Array.from(truth.ids, (id, i) => [id, i]));
  const scores = new Float64Array(n);
  const seenAt = new Int32Array(n); // line where each id was seen, 0 = not yet
  const data = await readInput(file, limits, label);
  forEachCsvRow(data, label, ["id", "score"], (f, line) => {
    const id = parseNonNegativeInteger(f[0], label, line, 1, "id");
    const at = dense ? (id < n ? id : -1) : (position!.get(id) ?? -1);
    if (at < 0) throw new InputError(`id ${id} is not a test jet`, label, line, 1);
    if (seenAt[at]) throw new InputError(`id ${id} appears twice (first on line ${seenAt[at]})`, label, line, 1);
    seenAt[at] = line;
    scores[at] = parseFiniteNumber(f[1], label, line, 2, "score");
  });
  const missing = seenAt.findIndex((l) => l === 0);
  if (missing !== -1) {
    const count = seenAt.reduce((c, l) => c + (l === 0 ? 1 : 0), 0);
    throw new InputError(`${count} test jet(s) have no score, the first is id ${truth.ids[missing]}`, label);
  }
  return scores;
}

export function scoreTopTagging(labels: Uint8Array, scores: Float64Array): TopTaggingScores {
  const sorted = sortByClass(labels, scores);
  const curve = rocCurveSorted(sorted);
  const r30 = backgroundRejection(curve, 0.3);
  const r50 = backgroundRejection(curve, 0.5);
  const i30 = backgroundRejectionInterpolated(curve, 0.3);
  const i50 = backgroundRejectionInterpolated(curve, 0.5);
  const rejections = { bgRejection30: r30, bgRejection50: r50, bgRejection30Interpolated: i30, bgRejection50Interpolated: i50 };
  return {
    auc: rocAucSorted(sorted),
    accuracy: accuracy(labels, scores, 0.5),
    bgRejection30: r30.value,
    bgRejection50: r50.value,
    bgRejection30Interpolated: i30.value,
    bgRejection50Interpolated: i50.value,
    unbounded: Object.entries(rejections).filter(([, r]) => r.unbounded).map(([k]) => k),
    nJets: labels.length,
    curves: { roc: downsampleRoc(curve, 200) },
  };
}
