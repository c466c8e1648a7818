/**
 * ROC metrics of a weighted sample in one linear pass, for the bootstrap:
 * each row carries a multiplicity (how often a resample drew it), and the
 * rows are visited in a score order fixed once. The conventions are those of
 * the single-sample metrics, which the tests check it against with unit
 * multiplicities:
 * - AUC: Mann–Whitney U/(n₁n₀), tied pairs half (roc-auc.ts);
 * - 1/εB at εS, threshold and interpolated conventions
 *   (background-rejection.ts, background-rejection-interpolated.ts);
 * - εS at εB and the maximum εS/√εB (signal-efficiency-at-background.ts);
 * - accuracy with a strict score > cut (accuracy.ts).
 * Every count is an integer held exactly in a float64.
 *
 * Cost: O(n log n) once for the order, then O(n) per resample.
 */
import { interpolateBackgroundEfficiency } from "./background-rejection-interpolated.ts";
import { bootstrap, type BootstrapOptions, type Interval } from "./bootstrap.ts";
import { MetricError } from "./scoring-error.ts";

export interface RocResampleOptions {
  /** εS values for 1/εB (both conventions). */
  rejectionAt: readonly number[];
  /** εB values for εS at εB. */
  signalEfficiencyAt: readonly number[];
  /** The accuracy cut, or undefined for no accuracy. */
  accuracyCut?: number;
  maxSignificance?: boolean;
}

/** Names of the values stats() returns, in order. */
export function rocResampleNames(o: RocResampleOptions): string[] {
  return [
    "auc",
    ...(o.accuracyCut === undefined ? [] : ["accuracy"]),
    ...o.rejectionAt.map((e) => `rejection@${e}`),
    ...o.rejectionAt.map((e) => `rejectionInterpolated@${e}`),
    ...o.signalEfficiencyAt.map((e) => `signalEfficiency@${e}`),
    ...(o.maxSignificance ? ["maxSignificance"] : []),
  ];
}

const SIGNAL = 1;
const CORRECT = 2;
const GROUP_END = 4;
/** An int32 count no resample reaches (keeps the hot comparison in integers). */
const NEVER = 0x7fffffff;

export class RocResampler {
  /** Row index at each position, highest score first. */
  private readonly order: Int32Array;
  /** Per position: SIGNAL, CORRECT (accuracy), GROUP_END (last of a tie group). */
  private readonly flags: Uint8Array;
  private readonly out: Float64Array;
  private scratch?: Int32Array;

  constructor(
    labels: Uint8Array,
    scores: Float64Array,
    private readonly options: RocResampleOptions,
  ) {
    const n = labels.length;
    if (scores.length !== n) throw new MetricError(`labels (${n}) and scores (${scores.length}) differ in length`);
    const order = descendingOrder(scores);
    this.order = order;
    const flags = new Uint8Array(n);
    const cut = options.accuracyCut;
    for (let k = 0; k < n; k++) {
      const row = order[k];
      let f = labels[row] ? SIGNAL : 0;
      if (cut !== undefined && (scores[row] > cut ? 1 : 0) === (labels[row] ? 1 : 0)) f |= CORRECT;
      if (k === n - 1 || scores[order[k + 1]] !== scores[row]) f |= GROUP_END;
      flags[k] = f;
    }
    this.flags = flags;
    this.out = new Float64Array(rocResampleNames(options).length);
  }

  get length(): number {
    return this.order.length;
  }

  /**
   * The metrics for multiplicities indexed by row (test-set order): what a
   * paired comparison of two submissions on the same resamples needs.
   */
  statsByRow(counts: Int32Array): Float64Array {
    const order = this.order;
    const byPosition = (this.scratch ??= new Int32Array(order.length));
    for (let k = 0; k < order.length; k++) byPosition[k] = counts[order[k]];
    return this.statsByPosition(byPosition);
  }

  /**
   * The metrics for multiplicities indexed by position in score order: a
   * resample of positions is a resample of rows (the order is a bijection),
   * and reading them in order keeps the hot loop in sequential memory. NaN
   * where a metric is undefined (one class absent); +∞ for an unbounded
   * rejection.
   */
  statsByPosition(counts: Int32Array): Float64Array {
    const { flags, options, out } = this;
    const n = flags.length;
    let nS = 0;
    let nTotal = 0;
    for (let k = 0; k < n; k++) {
      const c = counts[k];
      nTotal += c;
      nS += c * (flags[k] & SIGNAL);
    }
    const nB = nTotal - nS;
    if (nS === 0 || nB === 0) return out.fill(NaN);

    // Crossings are found by integer comparison with counts computed once, so
    // the hot loop has no divisions and no data-dependent branches.
    const rejAt = options.rejectionAt;
    const nRej = rejAt.length;
    const needS = rejAt.map((e) => smallestCountReaching(e, nS));
    const effAt = options.signalEfficiencyAt;
    const allowB = effAt.map((e) => largestCountWithin(e, nB));
    const passS = new Float64Array(effAt.length); // signal passing at the last point within εB
    const rejection = new Float64Array(nRej);
    const rejectionInterp = new Float64Array(nRej);
    let nextRej = 0;
    let nextNeed = nRej > 0 ? needS[0] : NEVER;
    // Integer accumulators (| 0) keep V8 in int32 arithmetic; the U sum is
    // flushed into a double before it could overflow.
    let twoU = 0;
    let partU = 0;
    let correct = 0;
    let cumS = 0;
    let cumB = 0;
    let groupS = 0;
    let groupB = 0;
    let prevS = 0; // previous ROC point, for interpolation
    let prevB = 0;
    let maxSi = 0;
    const wantSi = options.maxSignificance === true;
    const nEff = allowB.length;
    const rootNB = Math.sqrt(nB);
    for (let k = 0; k < n; k++) {
      const c = counts[k] | 0;
      const f = flags[k];
      const signal = c & -(f & SIGNAL);
      groupS = (groupS + signal) | 0;
      groupB = (groupB + c - signal) | 0;
      correct = (correct + (c & -((f & CORRECT) >> 1))) | 0;
      if (!(f & GROUP_END)) continue;
      // Background in this group loses to every signal above it, ties half.
      partU = (partU + Math.imul(groupB, 2 * cumS + groupS)) | 0;
      if (partU > 0x3fffffff) {
        twoU += partU;
        partU = 0;
      }
      cumS = (cumS + groupS) | 0;
      cumB = (cumB + groupB) | 0;
      groupS = 0;
      groupB = 0;
      while (cumS >= nextNeed) {
        rejection[nextRej] = cumB / nB;
        rejectionInterp[nextRej] = interpolateBackgroundEfficiency(rejAt[nextRej], prevS / nS, prevB / nB, cumS / nS, cumB / nB);
        nextRej++;
        nextNeed = nextRej < nRej ? needS[nextRej] : NEVER;
      }
      for (let j = 0; j < nEff; j++) if (cumB <= allowB[j]) passS[j] = cumS;
      if (wantSi && cumB > 0) maxSi = Math.max(maxSi, ((cumS / nS) * rootNB) / Math.sqrt(cumB));
      prevS = cumS;
      prevB = cumB;
    }
    twoU += partU;
    const signalEff = Array.from(passS, (p) => p / nS);
    let o = 0;
    out[o++] = twoU / (2 * nS * nB);
    if (options.accuracyCut !== undefined) out[o++] = correct / nTotal;
    for (let j = 0; j < nRej; j++) out[o++] = rejection[j] > 0 ? 1 / rejection[j] : Infinity;
    for (let j = 0; j < nRej; j++) out[o++] = rejectionInterp[j] > 0 ? 1 / rejectionInterp[j] : Infinity;
    for (let j = 0; j < effAt.length; j++) out[o++] = signalEff[j];
    if (wantSi) out[o++] = maxSi;
    return out;
  }
}

/**
 * Row indices by descending score. A native sort of the scores, then each row
 * is placed by binary search into its tie group: much faster than a sort with
 * a comparator callback. The order inside a tie group does not matter.
 */
function descendingOrder(scores: Float64Array): Int32Array {
  const n = scores.length;
  const sorted = Float64Array.from(scores).sort().reverse();
  const next = new Int32Array(n); // next free position of each group, by its first position
  for (let k = 0; k < n; k++) next[k] = k;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] > s) lo = mid + 1;
      else hi = mid;
    }
    order[next[lo]++] = i;
  }
  return order;
}

/** The smallest count m with m/total ≥ fraction, as that division rounds. */
function smallestCountReaching(fraction: number, total: number): number {
  let m = Math.max(0, Math.ceil(fraction * total) - 1);
  while (m / total < fraction) m++;
  return m;
}

/** The largest count m with m/total ≤ fraction, as that division rounds (−1 if none). */
function largestCountWithin(fraction: number, total: number): number {
  let m = Math.min(total, Math.floor(fraction * total) + 1);
  while (m >= 0 && m / total > fraction) m--;
  return m;
}

/** Bootstrap intervals of the ROC metrics, keyed as rocResampleNames(options). */
export function bootstrapRoc(labels: Uint8Array, scores: Float64Array, options: RocResampleOptions, boot: BootstrapOptions): Record<string, Interval> {
  const resampler = new RocResampler(labels, scores, options);
  return bootstrap(labels.length, rocResampleNames(options), (counts) => resampler.statsByPosition(counts), boot);
}
