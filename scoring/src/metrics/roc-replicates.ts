import { encodeReplicates, replicates } from "./paired-replicates.ts";
import { RocResampler, rocResampleNames, type RocResampleOptions } from "./roc-resample.ts";

/**
 * Paired-bootstrap replicates (paired-replicates.ts) of every ROC metric of
 * one submission, keyed by `keys` (the scorer's name for each of
 * rocResampleNames(options)) and encoded for JSON. Each resample costs one
 * pass over the rows (statsByRow), since the multiplicities are drawn per row
 * in truth order, shared by every submission.
 */
export function rocReplicates(
  labels: Uint8Array,
  scores: Float64Array,
  options: RocResampleOptions,
  keys: Record<string, string>,
  boot: { resamples: number; seed: number },
): Record<string, string> {
  const resampler = new RocResampler(labels, scores, options);
  const names = rocResampleNames(options);
  const values = replicates(labels.length, (counts) => resampler.statsByRow(counts), names.length, boot);
  return Object.fromEntries(
    names.flatMap((name, k) => (keys[name] ? [[keys[name], encodeReplicates(values[k])]] : [])),
  );
}
