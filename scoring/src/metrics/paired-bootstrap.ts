import { Cells, drawResample, percentileInterval, resampleRandom, type BootstrapOptions, type Interval } from "./bootstrap.ts";

/**
 * Paired bootstrap of two submissions scored on the same test set
 * (Efron & Tibshirani 1993, §16; Koehn, EMNLP 2004, for its use in ranking
 * systems): both are re-scored on the same B resamples of the test units,
 * and the probability that A really beats B is the fraction of resamples in
 * which A's metric is better, a tie counting one half. The interval is the
 * percentile interval of the difference A − B. Resamples on which either
 * metric is undefined (NaN) are left out.
 *
 * Cost: O(B · (n + cost of both statistics)).
 */
export interface PairedComparison {
  /** P(A better than B) over the resamples. */
  probabilityABetter: number;
  /** Interval of metric(A) − metric(B). */
  difference: Interval;
  resamples: number;
}

export function pairedBootstrap(
  n: number,
  metricA: (counts: Int32Array) => number,
  metricB: (counts: Int32Array) => number,
  { resamples, seed, level = 0.95, higherIsBetter = true }: BootstrapOptions & { higherIsBetter?: boolean },
): PairedComparison {
  const cells = Cells.single(n);
  const counts = new Int32Array(n);
  const differences = new Float64Array(resamples);
  let wins = 0;
  let used = 0;
  for (let b = 0; b < resamples; b++) {
    drawResample(resampleRandom(seed, b), counts, cells);
    const a = metricA(counts);
    const c = metricB(counts);
    if (Number.isNaN(a) || Number.isNaN(c)) continue;
    const d = a === c ? 0 : a - c; // ∞ − ∞ is a tie, not NaN
    differences[used++] = d;
    wins += d === 0 ? 0.5 : (d > 0) === higherIsBetter ? 1 : 0;
  }
  return {
    probabilityABetter: used ? wins / used : NaN,
    difference: percentileInterval(differences.subarray(0, used), level),
    resamples: used,
  };
}
