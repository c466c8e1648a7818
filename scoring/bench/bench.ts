// `npm run bench`: times the metrics on synthetic inputs it generates itself.
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { scoreTopTagging } from "../src/challenges/top-tagging.ts";
import { rocAuc } from "../src/metrics/roc-auc.ts";

function synthetic(n: number, seed: number) {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rand() < 0.5 ? 1 : 0;
    scores[i] = rand() + 0.5 * labels[i];
  }
  return { labels, scores };
}

function time<T>(name: string, goal: string, run: () => T): T {
  const t0 = performance.now();
  const out = run();
  console.log(`${name.padEnd(52)} ${((performance.now() - t0) / 1000).toFixed(3).padStart(8)} s   (goal ${goal})`);
  return out;
}

console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}); single-threaded figures\n`);
const big = synthetic(1e7, 1);
time("AUC of 10^7 rows", "≤ 3 s", () => rocAuc(big.labels, big.scores));
const tt = synthetic(404_000, 2);
time("top tagging, 404,000 jets: AUC + rejections + ROC", "≤ 2 s incl. bootstrap", () => scoreTopTagging(tt.labels, tt.scores));
