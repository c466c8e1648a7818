// Reads an organizer's truth file exactly as the scorer will, before the
// platform publishes it as a phase's truth: a file in an unexpected layout
// is refused with what was found and what was expected (file, line and
// column, or HDF5 key and column), and nothing changes. The same check is
// `npm run -s score -- --challenge <slug> --truth <path> --check-truth`.
import path from "node:path";
import { readBinaryTruth } from "./challenges/binary-classification.ts";
import { parseBinaryConfig } from "./challenges/binary-config.ts";
import { readMultiClassTruth } from "./challenges/multi-class.ts";
import { parseMultiClassConfig } from "./challenges/multi-class-config.ts";
import { readRegressionTruth } from "./challenges/regression.ts";
import { parseRegressionConfig } from "./challenges/regression-config.ts";
import { readJetTruth } from "./challenges/fpga-jet-tagging.ts";
import { readLhcoLabels } from "./challenges/lhco.ts";
import { readTopTaggingTruth } from "./challenges/top-tagging.ts";
import { InputError } from "./parse/input-error.ts";
import { openTruth } from "./trackml/truth.ts";

export interface TruthSummary {
  /** How many test units the scorer found: jets, events. */
  units: number;
  unit: string;
  /** Rows in both classes (classification truths): signal and background. */
  classes?: { signal: number; background: number };
}

const classesOf = (labels: Uint8Array) => {
  let signal = 0;
  for (const y of labels) signal += y;
  return { signal, background: labels.length - signal };
};

const CHECKS: Record<string, (file: string, config: unknown) => Promise<TruthSummary>> = {
  "top-tagging": async (file) => {
    const { labels } = await readTopTaggingTruth(file);
    return { units: labels.length, unit: "jets", classes: classesOf(labels) };
  },
  lhco: async (file) => {
    const labels = await readLhcoLabels(file);
    return { units: labels.length, unit: "events", classes: classesOf(labels) };
  },
  "binary-classification": async (file, config) => {
    const { labels } = await readBinaryTruth(file, parseBinaryConfig(config));
    return { units: labels.length, unit: "events", classes: classesOf(labels) };
  },
  "multi-class": async (file, config) => ({
    units: (await readMultiClassTruth(file, parseMultiClassConfig(config))).labels.length,
    unit: "events",
  }),
  regression: async (file, config) => ({
    units: (await readRegressionTruth(file, parseRegressionConfig(config))).targets.length,
    unit: "events",
  }),
  "fpga-jet-tagging": async (file) => ({ units: (await readJetTruth(file)).labels.length, unit: "jets" }),
  trackml: async (file) => {
    const truth = await openTruth(file);
    // Every event is parsed, as scoring would.
    for (const id of truth.eventIds) await truth.load(id);
    return { units: truth.eventIds.length, unit: "events" };
  },
};

export const CHECKED_SCORERS = Object.keys(CHECKS);

/**
 * The summary of a truth file for `scorer`, or an InputError located in it
 * (messages name the file by its base name: keep the organizer's name).
 */
export async function checkTruthFile(scorer: string, file: string, config?: unknown): Promise<TruthSummary> {
  const check = CHECKS[scorer];
  if (!check) throw new Error(`no truth check for the scorer "${scorer}" (known: ${CHECKED_SCORERS.join(", ")})`);
  const summary = await check(file, config);
  if (summary.units === 0) throw new InputError(`holds no ${summary.unit}`, path.basename(file));
  return summary;
}
