import { Cells, drawResample, percentileInterval, resampleRandom, type Interval } from "./bootstrap.ts";

/**
 * Bootstrap replicates on resamples shared by every submission scored
 * against the same test set (the paired bootstrap: Efron & Tibshirani 1993,
 * §16; Koehn, EMNLP 2004, for ranking systems).
 *
 * Resample b draws n of the n test units (rows, or events), in truth order,
 * with replacement, from resampleRandom(seed, b), and the statistic is
 * recomputed on it. Two submissions scored with the same seed against the
 * same units get the same resamples, so their replicate vectors can be
 * compared element by element later (compareReplicates) without the data:
 * this is what lets a leaderboard mark statistical ties from stored numbers.
 * NaN marks a resample on which the statistic is undefined; +∞ an unbounded
 * rejection.
 *
 * Cost: O(B · (n + cost of the statistic)).
 */
export function replicates(
  n: number,
  statistics: (counts: Int32Array) => ArrayLike<number>,
  width: number,
  { resamples, seed }: { resamples: number; seed: number },
): Float64Array[] {
  const cells = Cells.single(n);
  const counts = new Int32Array(n);
  const out = Array.from({ length: width }, () => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    drawResample(resampleRandom(seed, b), counts, cells);
    const values = statistics(counts);
    for (let k = 0; k < width; k++) out[k][b] = values[k];
  }
  return out;
}

export interface PairedComparison {
  /** P(A better than B) over the resamples, a tie counting one half. */
  probabilityABetter: number;
  /** Percentile interval of metric(A) − metric(B). */
  difference: Interval;
  resamples: number;
}

/**
 * Compares two replicate vectors drawn on the same resamples. Resamples on
 * which either value is NaN are left out; ∞ − ∞ counts as a tie.
 */
export function compareReplicates(
  a: Float64Array,
  b: Float64Array,
  { level = 0.95, higherIsBetter = true }: { level?: number; higherIsBetter?: boolean } = {},
): PairedComparison {
  if (a.length !== b.length)
    throw new RangeError(
      `replicates of different lengths (${a.length} and ${b.length}) were not drawn on the same resamples`,
    );
  const differences = new Float64Array(a.length);
  let wins = 0;
  let used = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    const d = x === y ? 0 : x - y;
    differences[used++] = d;
    wins += d === 0 ? 0.5 : d > 0 === higherIsBetter ? 1 : 0;
  }
  return {
    probabilityABetter: used ? wins / used : NaN,
    difference: percentileInterval(differences.subarray(0, used), level),
    resamples: used,
  };
}

/** Replicates as text for JSON: little-endian float64s in base64 (exact, ∞ and NaN included). */
export function encodeReplicates(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

export function decodeReplicates(data: string | Uint8Array): Float64Array {
  const bytes = typeof data === "string" ? Buffer.from(data, "base64") : data;
  if (bytes.byteLength % 8 !== 0) throw new RangeError(`replicates of ${bytes.byteLength} bytes are not float64s`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}
