import type { RocCurve } from "./roc-curve.ts";

export interface RocPoint {
  /** Signal efficiency εS (true-positive rate). */
  signalEfficiency: number;
  /** Background efficiency εB (false-positive rate). */
  backgroundEfficiency: number;
}

/**
 * At most `maxPoints` ROC points for plotting. Half of the budget is spread
 * evenly in εS (the x axis), half evenly in log εB, so the curve keeps its
 * shape on the physicists' log(1/εB) axis, where the low-εB tail matters most.
 * The first and last points are always kept. Cost: O(k + maxPoints·log k).
 */
export function downsampleRoc(curve: RocCurve, maxPoints = 200): RocPoint[] {
  const { truePositives: tp, falsePositives: fp, nSignal, nBackground } = curve;
  const k = tp.length;
  const keep = new Set<number>([0, k - 1]);
  if (k > maxPoints) {
    const half = Math.max(1, Math.floor((maxPoints - 2) / 2));
    // Evenly in εS: the first point reaching each target.
    for (let q = 1; q <= half; q++) keep.add(firstAtLeast(tp, (q / (half + 1)) * nSignal));
    // Evenly in log εB, from one background event to all of them.
    const lo = Math.log(1 / nBackground);
    for (let q = 0; q < half; q++) keep.add(firstAtLeast(fp, Math.exp(lo + (q / half) * -lo) * nBackground));
  } else {
    for (let i = 0; i < k; i++) keep.add(i);
  }
  return [...keep]
    .filter((i) => i >= 0 && i < k)
    .sort((a, b) => a - b)
    .slice(0, Math.max(maxPoints, 2))
    .map((i) => ({ signalEfficiency: tp[i] / nSignal, backgroundEfficiency: fp[i] / nBackground }));
}

/** Index of the first element ≥ target in a non-decreasing array (binary search). */
function firstAtLeast(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
