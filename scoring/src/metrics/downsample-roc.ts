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
    // Evenly in εS: the first point reaching each target count.
    for (let q = 1; q <= half; q++) keep.add(firstAtLeast(tp, wholeCount((q / (half + 1)) * nSignal)));
    // Evenly in log εB, from one background event (nB⁰) to all of them (nB¹).
    for (let q = 0; q < half; q++) keep.add(firstAtLeast(fp, wholeCount(nBackground ** (q / half))));
  } else {
    for (let i = 0; i < k; i++) keep.add(i);
  }
  return [...keep]
    .filter((i) => i >= 0 && i < k)
    .sort((a, b) => a - b)
    .slice(0, Math.max(maxPoints, 2))
    .map((i) => ({ signalEfficiency: tp[i] / nSignal, backgroundEfficiency: fp[i] / nBackground }));
}

/** Counts are integers: round a target up, ignoring floating-point dust (1.0000000000000002 → 1). */
function wholeCount(target: number): number {
  return Math.max(1, Math.ceil(target - 1e-9));
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

/**
 * At most `maxPoints` of already down-sampled ROC points (for overlaying
 * many curves), chosen the same way: half evenly in εS, half evenly in log εB
 * from the smallest non-zero εB to 1; the first and last points are kept.
 */
export function thinRoc(points: RocPoint[], maxPoints: number): RocPoint[] {
  const k = points.length;
  if (k <= maxPoints) return points;
  const half = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const keep = new Set<number>([0, k - 1]);
  const first = (test: (p: RocPoint) => boolean) => {
    const i = points.findIndex(test);
    return i < 0 ? k - 1 : i;
  };
  for (let q = 1; q <= half; q++) keep.add(first((p) => p.signalEfficiency >= q / (half + 1)));
  const smallest = points.find((p) => p.backgroundEfficiency > 0)?.backgroundEfficiency ?? 1;
  for (let q = 0; q < half; q++) keep.add(first((p) => p.backgroundEfficiency >= smallest ** (1 - q / half)));
  return [...keep].sort((a, b) => a - b).map((i) => points[i]);
}
