// Scores the top-tagging benchmark once in a fresh process, as the CLI does
// (truth from the organizer's HDF5, the submission's CSV, 1,000 bootstrap
// resamples), and prints each step's time and the peak RSS as JSON.
import { performance } from "node:perf_hooks";
import { readTopTaggingTruth, scoreTopTagging } from "../src/challenges/top-tagging.ts";
import { readScoresFor } from "../src/parse/read-scores.ts";

const [truthFile, submissionFile] = process.argv.slice(2);
const t0 = performance.now();
const truth = await readTopTaggingTruth(truthFile);
const t1 = performance.now();
const scores = await readScoresFor(submissionFile, truth.ids, ["id", "score"]);
const t2 = performance.now();
const result = scoreTopTagging(truth.labels, scores, { boot: { resamples: 1000, seed: 1 } });
const t3 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    truthSeconds: (t1 - t0) / 1000,
    submissionSeconds: (t2 - t1) / 1000,
    scoreSeconds: (t3 - t2) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    auc: result.auc,
  })}\n`,
);
