// Runs the TrackML scorer once in a fresh process and prints its own wall
// time and peak RSS as JSON, so the benchmark can report memory per run.
import { performance } from "node:perf_hooks";
import { scoreTrackml } from "../src/challenges/trackml.ts";

const [truth, submission] = process.argv.slice(2);
const t0 = performance.now();
const result = await scoreTrackml(truth, submission);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, score: result.score, nEvents: result.nEvents })}\n`,
);
