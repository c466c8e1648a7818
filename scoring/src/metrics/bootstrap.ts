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
 * Units grouped into cells when a statistic depends only on how many units
 * of each cell a resample holds (e.g. a run of same-label rows in score
 * order, for ROC metrics): cell i holds sizes[i] units. A resample of n units
 * is then drawn as cell counts, at the cost of the cells, not the units.
 */
export class Cells {
  /** Units in cells 0..i. */
  private readonly ends: Float64Array;
  readonly units: number;
  /** Scratch for drawResample: drawn units in cells 0..i. */
  readonly drawnEnds: Int32Array;

  constructor(readonly sizes: Int32Array) {
    this.ends = new Float64Array(sizes.length);
    let sum = 0;
    for (let i = 0; i < sizes.length; i++) this.ends[i] = sum += sizes[i];
    this.units = sum;
    this.drawnEnds = new Int32Array(sizes.length);
  }

  /** Every unit a cell of its own. */
  static single(n: number): Cells {
    return new Cells(new Int32Array(n).fill(1));
  }

  get length(): number {
    return this.sizes.length;
  }

  /** The cell holding unit u (0 ≤ u < units). */
  cellOf(u: number): number {
    return firstAbove(this.ends, u);
  }
}

/** The first index i with ends[i] > x, for ascending ends. */
function firstAbove(ends: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Draws one resample of n units from n, with replacement, as multiplicities
 * per cell (per unit when every cell holds one). Exactly multinomial(n; 1/n,
 * …, 1/n), summed over cells, and made in sequential memory order:
 * - independent Poisson(1) multiplicities of the units, i.e. Poisson(size)
 *   per cell, are multinomial given their total T;
 * - if T > n, removing a uniformly chosen subset of T − n of the T drawn
 *   units leaves a multinomial(n): the subset is T − n distinct ranks
 *   (Floyd's algorithm), each found among the drawn units by bisection;
 * - if T < n, adding n − T units drawn uniformly from the n does too.
 * |T − n| is about √n.
 */
export function drawResample(random: Random, counts: Int32Array, cells: Cells = Cells.single(counts.length)): void {
  const n = cells.units;
  const drawnEnds = cells.drawnEnds;
  const total = random.fillPoisson(counts, cells.sizes, drawnEnds);
  if (total > n) {
    const chosen = new Set<number>();
    for (let j = n; j < total; j++) {
      const r = random.below(j + 1);
      chosen.add(chosen.has(r) ? j : r);
    }
    for (const rank of chosen) counts[firstAbove(drawnEnds, rank)]--;
  }
  for (let t = total; t < n; t++) counts[cells.cellOf(random.below(n))]++;
}

/**
 * Runs the bootstrap: `statistics(counts)` returns one value per named
 * statistic for a resample with multiplicities `counts` (per unit, or per
 * cell when the units are given as Cells).
 */
export function bootstrap<K extends string>(
  units: number | Cells,
  names: readonly K[],
  statistics: (counts: Int32Array) => ArrayLike<number>,
  { resamples, seed, level = 0.95 }: BootstrapOptions,
): Record<K, Interval> {
  const cells = typeof units === "number" ? Cells.single(units) : units;
  const counts = new Int32Array(cells.length);
  const values = new Float64Array(resamples * names.length);
  for (let b = 0; b < resamples; b++) {
    drawResample(resampleRandom(seed, b), counts, cells);
    values.set(statistics(counts), b * names.length);
  }
  return intervalsOf(names, values, level);
}

/**
 * The percentile interval of each statistic from bootstrap values stored
 * resample by resample (values[b · names.length + k]), NaN left out.
 */
export function intervalsOf<K extends string>(
  names: readonly K[],
  values: Float64Array,
  level: number,
): Record<K, Interval> {
  const width = names.length;
  const resamples = values.length / width;
  return Object.fromEntries(
    names.map((name, k) => {
      const defined = new Float64Array(resamples);
      let m = 0;
      for (let b = 0; b < resamples; b++) {
        const v = values[b * width + k];
        if (!Number.isNaN(v)) defined[m++] = v;
      }
      return [name, percentileInterval(defined.subarray(0, m), level)];
    }),
  ) as Record<K, Interval>;
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
