/**
 * ROC metrics of a weighted sample in one linear pass, for the bootstrap:
 * each row carries a multiplicity (how often a resample drew it), and the
 * rows are visited in a score order fixed once. The conventions are those of
 * the single-sample metrics, which the tests check it against with unit
 * multiplicities:
 * - AUC: Mann–Whitney U/(n₁n₀), tied pairs half (roc-auc.ts);
 * - 1/εB at εS, threshold and interpolated (np.interp) conventions
 *   (background-rejection.ts, background-rejection-interpolated.ts); the
 *   nearest-point convention is not resampled (it has no intervals);
 * - εS at εB and the maximum εS/√εB (signal-efficiency-at-background.ts);
 * - accuracy with a strict score > cut (accuracy.ts).
 * Every count is an integer held exactly in a float64.
 *
 * Cost: O(n log n) once for the order, then O(cells) per resample, where
 * runs of same-label rows in score order share a cell (see RocResampler).
 */
import { interpolateBackgroundEfficiency } from "./background-rejection-interpolated.ts";
import { Cells } from "./bootstrap.ts";
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
  /**
   * Runs of rows in score order whose counts decide every metric: a run of
   * same-label rows with the same accuracy verdict (no ROC point inside it
   * moves the background count of a signal run, or the signal count of a
   * background run), and each tie group holding both labels as a signal and a
   * background cell. Background rows are not merged when the maximum
   * significance is wanted, since it peaks at a single row's point.
   */
  readonly cells: Cells;
  /** Per cell: SIGNAL, CORRECT (accuracy), GROUP_END (closes a ROC point). */
  readonly flags: Uint8Array;
  private readonly cellOfRow: Int32Array;
  private readonly out: Float64Array;
  private scratch?: Int32Array;

  constructor(
    labels: Uint8Array,
    scores: Float64Array,
    readonly options: RocResampleOptions,
  ) {
    const n = labels.length;
    if (scores.length !== n) throw new MetricError(`labels (${n}) and scores (${scores.length}) differ in length`);
    const order = descendingOrder(scores);
    const sizes = new Int32Array(n);
    const flags = new Uint8Array(n);
    const cellOfRow = new Int32Array(n);
    const cut = options.accuracyCut;
    let cells = 0;
    let open = -1; // the pure cell the next group may join
    for (let start = 0, end = 0; start < n; start = end) {
      const score = scores[order[start]];
      let signal = 0;
      do signal += labels[order[end]] ? 1 : 0;
      while (++end < n && scores[order[end]] === score);
      const background = end - start - signal;
      const passes = cut !== undefined && score > cut;
      const signalFlags = SIGNAL | (passes ? CORRECT : 0);
      const backgroundFlags = cut !== undefined && !passes ? CORRECT : 0;
      if (signal > 0 && background > 0) {
        sizes[cells] = signal;
        flags[cells] = signalFlags;
        sizes[cells + 1] = background;
        flags[cells + 1] = backgroundFlags | GROUP_END;
        for (let k = start; k < end; k++) cellOfRow[order[k]] = labels[order[k]] ? cells : cells + 1;
        cells += 2;
        open = -1;
        continue;
      }
      const f = (signal > 0 ? signalFlags : backgroundFlags) | GROUP_END;
      if (open < 0 || flags[open] !== f) {
        open = cells++;
        flags[open] = f;
      }
      sizes[open] += end - start;
      for (let k = start; k < end; k++) cellOfRow[order[k]] = open;
      if (signal === 0 && options.maxSignificance) open = -1;
    }
    this.cells = new Cells(sizes.slice(0, cells));
    this.flags = flags.slice(0, cells);
    this.cellOfRow = cellOfRow;
    this.out = new Float64Array(rocResampleNames(options).length);
  }

  /**
   * The metrics for multiplicities indexed by row (test-set order): what a
   * paired comparison of two submissions on the same resamples needs.
   */
  statsByRow(counts: Int32Array): Float64Array {
    const cellOfRow = this.cellOfRow;
    const byCell = (this.scratch ??= new Int32Array(this.cells.length));
    byCell.fill(0);
    for (let i = 0; i < cellOfRow.length; i++) byCell[cellOfRow[i]] += counts[i];
    return this.statsByCell(byCell);
  }

  /**
   * The metrics for multiplicities indexed by cell. NaN where a metric is
   * undefined (one class absent); +∞ for an unbounded rejection.
   */
  statsByCell(counts: Int32Array): Float64Array {
    return rocPass(counts, this.flags, this.options, this.out);
  }
}

/**
 * The one pass over the cells behind statsByCell, writing the metrics into
 * `out` (a free function: V8 optimises its loop far better than a method's).
 */
export function rocPass(
  counts: Int32Array,
  flags: Uint8Array,
  options: RocResampleOptions,
  out: Float64Array,
): Float64Array {
  const n = flags.length;
  let nS = 0;
  let nTotal = 0;
  for (let k = 0; k < n; k++) {
    const c = counts[k];
    nTotal += c;
    nS += c & -(flags[k] & SIGNAL);
  }
  const nB = nTotal - nS;
  if (nS === 0 || nB === 0) return out.fill(NaN);

  // Crossings are found by integer comparison with counts computed once, so
  // the hot loop has no divisions and no data-dependent branches.
  const rejAt = options.rejectionAt;
  const nRej = rejAt.length;
  const needS = Int32Array.from(rejAt, (e) => smallestCountReaching(e, nS));
  const effAt = options.signalEfficiencyAt;
  const nEff = effAt.length;
  const allowB = Int32Array.from(effAt, (e) => largestCountWithin(e, nB));
  const passS = new Float64Array(nEff); // signal passing at the last point within εB
  const rejection = new Float64Array(nRej);
  const rejectionInterp = new Float64Array(nRej);
  const exactAt = new Int32Array(nRej).fill(-1); // the signal count at which tpr = εS exactly
  let nextRej = 0;
  let nextNeed = nRej > 0 ? needS[0] : NEVER;
  // Counts stay in int32 arithmetic (| 0); 2U is a double.
  let twoU = 0;
  let correct = 0;
  let cumS = 0;
  let cumB = 0;
  let groupS = 0;
  let groupB = 0;
  let prevS = 0; // previous ROC point, for interpolation
  let prevB = 0;
  let maxSi = 0;
  const wantSi = options.maxSignificance === true;
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
    twoU += groupB * (2 * cumS + groupS); // exact in a double while 2·n² < 2⁵³
    cumS = (cumS + groupS) | 0;
    cumB = (cumB + groupB) | 0;
    groupS = 0;
    groupB = 0;
    while (cumS >= nextNeed) {
      rejection[nextRej] = cumB / nB;
      const x1 = cumS / nS;
      if (x1 === rejAt[nextRej]) {
        // tpr exactly εS: np.interp takes this point's fpr, or a later one's at the same tpr (below).
        rejectionInterp[nextRej] = cumB / nB;
        exactAt[nextRej] = cumS;
      } else
        rejectionInterp[nextRej] = interpolateBackgroundEfficiency(
          rejAt[nextRej],
          prevS / nS,
          prevB / nB,
          x1,
          cumB / nB,
        );
      nextRej++;
      nextNeed = nextRej < nRej ? needS[nextRej] : NEVER;
    }
    // np.interp uses the last of several points at exactly εS (more background, same signal).
    for (let j = 0; j < nextRej; j++) if (exactAt[j] === cumS) rejectionInterp[j] = cumB / nB;
    for (let j = 0; j < nEff; j++) if (cumB <= allowB[j]) passS[j] = cumS;
    if (wantSi && cumB > 0) maxSi = Math.max(maxSi, ((cumS / nS) * rootNB) / Math.sqrt(cumB));
    prevS = cumS;
    prevB = cumB;
  }
  let o = 0;
  out[o++] = twoU / (2 * nS * nB);
  if (options.accuracyCut !== undefined) out[o++] = correct / nTotal;
  for (let j = 0; j < nRej; j++) out[o++] = rejection[j] > 0 ? 1 / rejection[j] : Infinity;
  for (let j = 0; j < nRej; j++) out[o++] = rejectionInterp[j] > 0 ? 1 / rejectionInterp[j] : Infinity;
  for (let j = 0; j < nEff; j++) out[o++] = passS[j] / nS;
  if (wantSi) out[o++] = maxSi;
  return out;
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
