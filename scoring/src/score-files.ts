// The scorers of the command-line scorer, by challenge slug: each reads the
// organizer's truth and the submission and returns the units and a function
// that scores any subset of them. cli.ts runs them (in the sandbox); a
// bundle's example submission is scored with them as a dry run.
import { scoreLhco, readLhcoLabels } from "./challenges/lhco.ts";
import { readTopTaggingTruth, scoreTopTagging, type ScoreOptions } from "./challenges/top-tagging.ts";
import { readTrackml, summarizeTrackml } from "./challenges/trackml.ts";
import { evaluateModel, readJetTruth, scoreFpgaJetTagging } from "./challenges/fpga-jet-tagging.ts";
import { parseFpgaConfig } from "./fpga/fpga-config.ts";
import { readBinaryTruth, scoreBinary } from "./challenges/binary-classification.ts";
import { parseBinaryConfig } from "./challenges/binary-config.ts";
import { readRegressionTruth, scoreRegression } from "./challenges/regression.ts";
import { parseRegressionConfig } from "./challenges/regression-config.ts";
import { readScoresFor } from "./parse/read-scores.ts";
import { pick } from "./leaderboard/public-split.ts";
import { organizerFault } from "./parse/input-error.ts";

/** Reads the organizer's file; its errors are internal errors, never the participant's. */
async function organizer<T>(read: Promise<T>): Promise<T> {
  return read.catch((e) => {
    throw organizerFault(e);
  });
}

/**
 * A submission read against the truth: the test units (rows, or events) in
 * truth order, and the scores over the units a mask keeps (all when none).
 */
export interface Prepared {
  unitIds: ArrayLike<number>;
  score(keep: Uint8Array | undefined, options: ScoreOptions): object;
}

export const scorers: Record<string, (truth: string, submission: string, config: unknown) => Promise<Prepared>> = {
  "top-tagging": async (truthPath, submissionPath) => {
    const truth = await organizer(readTopTaggingTruth(truthPath));
    const scores = await readScoresFor(submissionPath, truth.ids, ["id", "score"]);
    return {
      unitIds: truth.ids,
      score: (keep, o) =>
        keep
          ? scoreTopTagging(pick(truth.labels, keep, 1), pick(scores, keep, 1), o)
          : scoreTopTagging(truth.labels, scores, o),
    };
  },
  trackml: async (truthPath, submissionPath) => {
    const read = await readTrackml(truthPath, submissionPath);
    return {
      unitIds: read.eventIds,
      score: (keep, o) => ({
        ...summarizeTrackml(keep ? read.eventIds.filter((_, i) => keep[i]) : read.eventIds, read.perEvent, {
          bootstrap: o.boot,
          replicates: o.replicates,
        }),
        curves: read.curves,
      }),
    };
  },
  lhco: async (truthPath, submissionPath) => {
    const labels = await organizer(readLhcoLabels(truthPath));
    const ids = Float64Array.from(labels, (_, i) => i);
    const scores = await readScoresFor(submissionPath, ids, ["event_index", "score"]);
    return {
      unitIds: ids,
      score: (keep, o) =>
        keep ? scoreLhco(pick(labels, keep, 1), pick(scores, keep, 1), o) : scoreLhco(labels, scores, o),
    };
  },
  "binary-classification": async (truthPath, submissionPath, rawConfig) => {
    const config = parseBinaryConfig(rawConfig);
    const truth = await organizer(readBinaryTruth(truthPath, config));
    const scores = await readScoresFor(submissionPath, truth.ids, [config.submission.id, config.submission.score]);
    const weights = truth.weights;
    return {
      unitIds: truth.ids,
      score: (keep, o) =>
        keep
          ? scoreBinary(
              { labels: pick(truth.labels, keep, 1), ...(weights ? { weights: pick(weights, keep, 1) } : {}) },
              pick(scores, keep, 1),
              config,
              o,
            )
          : scoreBinary(truth, scores, config, o),
    };
  },
  regression: async (truthPath, submissionPath, rawConfig) => {
    const config = parseRegressionConfig(rawConfig);
    const truth = await organizer(readRegressionTruth(truthPath, config));
    const predictions = await readScoresFor(submissionPath, truth.ids, [
      config.submission.id,
      config.submission.prediction,
    ]);
    return {
      unitIds: truth.ids,
      score: (keep) =>
        keep
          ? scoreRegression(
              {
                ids: pick(truth.ids, keep, 1),
                targets: pick(truth.targets, keep, 1),
                ...(truth.binValues ? { binValues: pick(truth.binValues, keep, 1) } : {}),
              },
              pick(predictions, keep, 1),
              config,
            )
          : scoreRegression(truth, predictions, config),
    };
  },
  "fpga-jet-tagging": async (truthPath, submissionPath, rawConfig) => {
    const config = parseFpgaConfig(rawConfig);
    const truth = await organizer(readJetTruth(truthPath));
    const evaluated = await evaluateModel(submissionPath, truth, config);
    return { unitIds: truth.ids, score: (keep, o) => scoreFpgaJetTagging(truth.labels, evaluated, keep, config, o) };
  },
};
