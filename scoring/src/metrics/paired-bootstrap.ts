import type { BootstrapOptions } from "./bootstrap.ts";
import { compareReplicates, replicates, type PairedComparison } from "./paired-replicates.ts";

export type { PairedComparison } from "./paired-replicates.ts";

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
export function pairedBootstrap(
  n: number,
  metricA: (counts: Int32Array) => number,
  metricB: (counts: Int32Array) => number,
  { resamples, seed, level = 0.95, higherIsBetter = true }: BootstrapOptions & { higherIsBetter?: boolean },
): PairedComparison {
  const [a] = replicates(n, (c) => [metricA(c)], 1, { resamples, seed });
  const [b] = replicates(n, (c) => [metricB(c)], 1, { resamples, seed });
  return compareReplicates(a, b, { level, higherIsBetter });
}
