// The command-line scorer, the same code the scoring service runs:
//   npm run -s score -- --challenge <slug> --truth <path> --submission <path> [--bootstrap <B>] [--seed <s>]
// Prints one JSON object on stdout. Exit 0 scored, 2 invalid submission
// ({"error":{message,line,column}} on stdout, a human line on stderr),
// 1 internal error (never the participant's fault; details on stderr only).
import path from "node:path";
import { parseArgs } from "node:util";
import { scoreLhco, readLhcoLabels } from "./challenges/lhco.ts";
import { readTopTaggingTruth, scoreTopTagging } from "./challenges/top-tagging.ts";
import { scoreTrackml } from "./challenges/trackml.ts";
import { InputError, organizerFault } from "./parse/input-error.ts";
import { readScoresFor } from "./parse/read-scores.ts";
import { SCORER_VERSION } from "./version.ts";

type Bootstrap = { resamples: number; seed: number } | undefined;

/** Reads the organizer's file; its errors are internal errors, never the participant's. */
async function organizer<T>(read: Promise<T>): Promise<T> {
  return read.catch((e) => {
    throw organizerFault(e);
  });
}

const scorers: Record<string, (truth: string, submission: string, boot: Bootstrap) => Promise<object>> = {
  "top-tagging": async (truthPath, submissionPath, boot) => {
    const truth = await organizer(readTopTaggingTruth(truthPath));
    const scores = await readScoresFor(submissionPath, truth.ids, ["id", "score"]);
    return scoreTopTagging(truth.labels, scores, boot);
  },
  trackml: (truthPath, submissionPath, boot) => scoreTrackml(truthPath, submissionPath, { bootstrap: boot }),
  lhco: async (truthPath, submissionPath, boot) => {
    const labels = await organizer(readLhcoLabels(truthPath));
    const scores = await readScoresFor(submissionPath, Float64Array.from(labels, (_, i) => i), ["event_index", "score"]);
    return scoreLhco(labels, scores, boot);
  },
};

const USAGE = `usage: score --challenge <${Object.keys(scorers).join("|")}> --truth <path> --submission <path> [--bootstrap <B>] [--seed <s>]`;

function parseCount(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

async function main(): Promise<number> {
  let run: { scorer: (typeof scorers)[string]; truth: string; submission: string; boot: Bootstrap };
  try {
    const { values } = parseArgs({
      options: {
        challenge: { type: "string" },
        truth: { type: "string" },
        submission: { type: "string" },
        bootstrap: { type: "string" },
        seed: { type: "string" },
      },
    });
    const scorer = values.challenge ? scorers[values.challenge] : undefined;
    if (!scorer || !values.truth || !values.submission) throw new Error(values.challenge && !scorer ? `unknown challenge "${values.challenge}"` : "missing arguments");
    const resamples = parseCount(values.bootstrap, "bootstrap", 1, 100_000);
    const seed = parseCount(values.seed, "seed", 0, 2 ** 32 - 1) ?? 0;
    run = { scorer, truth: path.resolve(values.truth), submission: path.resolve(values.submission), boot: resamples ? { resamples, seed } : undefined };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  try {
    const result = await run.scorer(run.truth, run.submission, run.boot);
    process.stdout.write(`${JSON.stringify({ ...result, scorerVersion: SCORER_VERSION })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
      process.stderr.write(`invalid submission: ${error.located()}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}

process.exitCode = await main();
