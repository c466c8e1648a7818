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
import { probabilityProblem, readMultiClassTruth, scoreMultiClass } from "./challenges/multi-class.ts";
import { parseMultiClassConfig } from "./challenges/multi-class-config.ts";
import { readColumnsFor, readScoresFor } from "./parse/read-scores.ts";
import type { InputFile } from "./parse/read-input.ts";
import { pick } from "./leaderboard/public-split.ts";
import { InputError, organizerFault } from "./parse/input-error.ts";

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

/** A scorer whose submission is a path of its own (it reads more than scores by id): never an archive's member. */
function ownFile(submission: InputFile): string {
  if (typeof submission !== "string")
    throw new InputError("this scorer reads a whole file, not an archive's member", submission.name);
  return submission;
}

export const scorers: Record<string, (truth: string, submission: InputFile, config: unknown) => Promise<Prepared>> = {
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
    const read = await readTrackml(truthPath, ownFile(submissionPath));
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
  "multi-class": async (truthPath, submission, rawConfig) => {
    const config = parseMultiClassConfig(rawConfig);
    const truth = await organizer(readMultiClassTruth(truthPath, config));
    const probabilities = await readColumnsFor(submission, truth.ids, [config.submission.id, ...config.classes], {
      check: probabilityProblem,
    });
    const weights = truth.weights;
    return {
      unitIds: truth.ids,
      score: (keep) =>
        keep
          ? scoreMultiClass(
              { labels: pick(truth.labels, keep, 1), ...(weights ? { weights: pick(weights, keep, 1) } : {}) },
              probabilities.map((p) => pick(p, keep, 1)),
              config,
            )
          : scoreMultiClass(truth, probabilities, config),
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
    const evaluated = await evaluateModel(ownFile(submissionPath), truth, config);
    return { unitIds: truth.ids, score: (keep, o) => scoreFpgaJetTagging(truth.labels, evaluated, keep, config, o) };
  },
};
