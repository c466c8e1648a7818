// LHC Olympics anomaly scores: truth is the answer-key label file, one
// 0/1/2 per line in event order (nonzero = signal; 2 marks a second signal
// process in some black boxes); the submission is `event_index,score`, with
// event_index the 0-based position of the event in the black-box file.
import path from "node:path";
import type { Interval } from "../metrics/bootstrap.ts";
import { rocAucSorted } from "../metrics/roc-auc.ts";
import { rocCurveSorted } from "../metrics/roc-curve.ts";
import { bootstrapRoc } from "../metrics/roc-bootstrap.ts";
import { rocReplicates } from "../metrics/roc-replicates.ts";
import type { ScoreOptions } from "./top-tagging.ts";
import {
  maxSignificanceImprovement,
  signalEfficiencyAtBackground,
} from "../metrics/signal-efficiency-at-background.ts";
import { sortByClass } from "../metrics/sorted-classes.ts";
import { backgroundTooSmallReason, labelsClassReason } from "../metrics/undefined-metric.ts";
import { InputError } from "../parse/input-error.ts";
import { readInput } from "../parse/read-input.ts";

export const LHCO_WORKING_POINTS = [
  ["sigEffAt1e-2", 1e-2],
  ["sigEffAt1e-3", 1e-3],
  ["sigEffAt1e-4", 1e-4],
] as const;

export interface LhcoScores {
  auc: number | null;
  "sigEffAt1e-2": number | null;
  "sigEffAt1e-3": number | null;
  "sigEffAt1e-4": number | null;
  maxSI: number | null;
  nEvents: number;
  nSignal: number;
  /** Why a metric is null (undefined or not measurable on this test set). */
  reasons?: Record<string, string>;
  ci?: Record<string, Interval>;
  replicates?: Record<string, string>;
}

const ROC_OPTIONS = {
  rejectionAt: [],
  signalEfficiencyAt: LHCO_WORKING_POINTS.map(([, e]) => e),
  maxSignificance: true,
};
const ROC_KEYS: Record<string, string> = {
  auc: "auc",
  ...Object.fromEntries(LHCO_WORKING_POINTS.map(([key, e]) => [`signalEfficiency@${e}`, key])),
  maxSignificance: "maxSI",
};

/** Reads the answer-key labels (organizer's file). */
export async function readLhcoLabels(file: string): Promise<Uint8Array> {
  const label = path.basename(file);
  const text = (
    await readInput(file, { maxBytes: 4 * 1024 ** 3, maxDecompressedBytes: 4 * 1024 ** 3, maxRatio: 1000 }, label)
  ).toString("latin1");
  const lines = text.split("\n");
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return Uint8Array.from(lines, (raw, i) => {
    const v = raw.trim();
    if (v !== "0" && v !== "1" && v !== "2")
      throw new InputError(`expected 0, 1 or 2, found "${v.slice(0, 20)}"`, label, i + 1, 1);
    return v === "0" ? 0 : 1;
  });
}

export function scoreLhco(
  labels: Uint8Array,
  scores: Float64Array,
  { boot, replicates }: ScoreOptions = {},
): LhcoScores {
  const { nSignal, reason: undefinedBecause } = labelsClassReason(labels);
  if (undefinedBecause) {
    // A background-only box (or a part of the test set with one class): scored, every ROC metric null.
    const keys = ["auc", ...LHCO_WORKING_POINTS.map(([key]) => key), "maxSI"];
    return {
      auc: null,
      "sigEffAt1e-2": null,
      "sigEffAt1e-3": null,
      "sigEffAt1e-4": null,
      maxSI: null,
      nEvents: labels.length,
      nSignal,
      reasons: Object.fromEntries(keys.map((k) => [k, undefinedBecause])),
    };
  }
  const sorted = sortByClass(labels, scores);
  const curve = rocCurveSorted(sorted);
  const reasons: Record<string, string> = {};
  const atBackground = (key: string, e: number) => {
    const why = backgroundTooSmallReason(e, curve.nBackground);
    if (why) reasons[key] = why;
    return why ? null : signalEfficiencyAtBackground(curve, e).signalEfficiency;
  };
  const result: LhcoScores = {
    auc: rocAucSorted(sorted),
    "sigEffAt1e-2": atBackground("sigEffAt1e-2", 1e-2),
    "sigEffAt1e-3": atBackground("sigEffAt1e-3", 1e-3),
    "sigEffAt1e-4": atBackground("sigEffAt1e-4", 1e-4),
    maxSI: maxSignificanceImprovement(curve),
    nEvents: labels.length,
    nSignal: curve.nSignal,
    ...(Object.keys(reasons).length ? { reasons } : {}),
  };
  const measured = (keys: Record<string, string>) =>
    Object.fromEntries(Object.entries(keys).filter(([, key]) => !(key in reasons)));
  if (boot) {
    const ci = bootstrapRoc(labels, scores, ROC_OPTIONS, boot);
    result.ci = Object.fromEntries(Object.entries(measured(ROC_KEYS)).map(([name, key]) => [key, ci[name]]));
  }
  if (replicates) result.replicates = rocReplicates(labels, scores, ROC_OPTIONS, measured(ROC_KEYS), replicates);
  return result;
}
