import { Random } from "../random.ts";

/**
 * Bootstrap confidence intervals (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13: the percentile interval).
 *
 * Each of B resamples draws n of the n units (test rows, or events for
 * TrackML) uniformly with replacement, as multiplicities `counts[i]`; the
 * statistic is recomputed on every resample, and the interval is the
 * (1 − level)/2 and (1 + level)/2 quantiles of those B values (linear
 * interpolation between order statistics, numpy's default). Resamples on
 * which a statistic is undefined (NaN, e.g. a single class drawn) are left
 * out and counted; +∞ (an unbounded rejection) is kept and reported as
 * `null` with `unbounded: true`. The seed fixes every resample.
 *
 * Cost: O(B · (n + cost of the statistic)).
 */
export interface Interval {
  low: number | null;
  high: number | null;
  level: number;
  /** Standard deviation of the finite bootstrap values. */
  std: number | null;
  /** Resamples on which the statistic was defined. */
  resamples: number;
  /** True when the upper end is +∞ (no background passes in some resamples). */
  unbounded: boolean;
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Central coverage of the interval, default 0.95. */
  level?: number;
}

/**
 * Draws one resample of n units from n, with replacement, as multiplicities.
 * Exactly multinomial(n; 1/n, …, 1/n), sampled in sequential memory order:
 * independent Poisson(1) multiplicities are multinomial given their total T,
 * and removing a uniformly chosen drawn unit (or adding a uniformly chosen
 * unit) turns multinomial(T) into multinomial(T ∓ 1); |T − n| ≈ √n such steps
 * reach n. Units are removed with probability proportional to their
 * multiplicity, by rejection against the largest one.
 */
export function drawResample(random: Random, counts: Int32Array): void {
  const n = counts.length;
  let total = random.fillPoisson1(counts);
  let max = 0;
  for (; total > n; total--) {
    if (max === 0) for (let i = 0; i < n; i++) if (counts[i] > max) max = counts[i];
    for (;;) {
      const i = random.below(n);
      if (counts[i] > 0 && random.below(max) < counts[i]) {
        counts[i]--;
        break;
      }
    }
  }
  for (; total < n; total++) counts[random.below(n)]++;
}

/**
 * Runs the bootstrap: `statistics(counts)` returns one value per named
 * statistic for a resample with multiplicities `counts`.
 */
export function bootstrap<K extends string>(
  n: number,
  names: readonly K[],
  statistics: (counts: Int32Array) => ArrayLike<number>,
  { resamples, seed, level = 0.95 }: BootstrapOptions,
): Record<K, Interval> {
  const counts = new Int32Array(n);
  const values = names.map(() => new Float64Array(resamples));
  const defined = names.map(() => 0);
  for (let b = 0; b < resamples; b++) {
    drawResample(resampleRandom(seed, b), counts);
    const stats = statistics(counts);
    for (let k = 0; k < names.length; k++) {
      if (!Number.isNaN(stats[k])) values[k][defined[k]++] = stats[k];
    }
  }
  return Object.fromEntries(names.map((name, k) => [name, percentileInterval(values[k].subarray(0, defined[k]), level)])) as Record<K, Interval>;
}

/** The generator of resample b: each resample has its own stream, so any subset can be recomputed alone. */
export function resampleRandom(seed: number, b: number): Random {
  return new Random((Math.imul(seed, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> 0);
}

/** The percentile interval of bootstrap values (sorted in place). */
export function percentileInterval(values: Float64Array, level: number): Interval {
  const m = values.length;
  if (m === 0) return { low: null, high: null, level, std: null, resamples: 0, unbounded: false };
  values.sort();
  const low = quantile(values, (1 - level) / 2);
  const high = quantile(values, (1 + level) / 2);
  let sum = 0;
  let finite = 0;
  for (const v of values) if (Number.isFinite(v)) (sum += v), finite++;
  const mean = sum / finite;
  let ss = 0;
  for (const v of values) if (Number.isFinite(v)) ss += (v - mean) ** 2;
  return {
    low: Number.isFinite(low) ? low : null,
    high: Number.isFinite(high) ? high : null,
    level,
    std: finite > 1 ? Math.sqrt(ss / (finite - 1)) : null,
    resamples: m,
    unbounded: high === Infinity,
  };
}

/** numpy.quantile's default ("linear"): h = (m − 1)·q between order statistics. */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  if (lo === hi || sorted[lo] === sorted[hi]) return sorted[lo];
  if (sorted[hi] === Infinity) return Infinity;
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
