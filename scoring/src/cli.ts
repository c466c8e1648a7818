// The command-line scorer, the same code the scoring service runs:
//   npm run -s score -- --challenge <slug> --truth <path> --submission <path>
// Prints one JSON object on stdout. Exit 0 scored, 2 invalid submission
// ({"error":{message,line,column}} on stdout, a human line on stderr),
// 1 internal error (never the participant's fault; details on stderr only).
import { parseArgs } from "node:util";
import { readScoresFor, readTopTaggingTruth, scoreTopTagging } from "./challenges/top-tagging.ts";
import { InputError } from "./parse/input-error.ts";
import { SCORER_VERSION } from "./version.ts";

const scorers: Record<string, (truth: string, submission: string) => Promise<object>> = {
  "top-tagging": async (truthPath, submissionPath) => {
    const truth = await readTopTaggingTruth(truthPath).catch((e) => {
      // A bad truth file is the organizer's problem, not the participant's.
      throw new Error(`truth file: ${e instanceof InputError ? e.located() : (e as Error).message}`);
    });
    const scores = await readScoresFor(submissionPath, truth);
    return scoreTopTagging(truth.labels, scores);
  },
};

async function main(): Promise<number> {
  let values: { challenge?: string; truth?: string; submission?: string } = {};
  try {
    // Bootstrap intervals (--bootstrap, --seed) are not implemented yet: an
    // unknown option is refused rather than silently ignored.
    ({ values } = parseArgs({ options: { challenge: { type: "string" }, truth: { type: "string" }, submission: { type: "string" } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
  }
  const scorer = values.challenge ? scorers[values.challenge] : undefined;
  if (!scorer || !values.truth || !values.submission) {
    process.stderr.write(
      `usage: score --challenge <${Object.keys(scorers).join("|")}> --truth <path> --submission <path>\n`,
    );
    return 1;
  }
  try {
    const result = await scorer(values.truth, values.submission);
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
