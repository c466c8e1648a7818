/**
 * Energy-regression figures of a prediction against its target, as
 * calorimetry papers quote them: the relative residual r = (prediction −
 * target) / target, its **bias** (the median of r) and its **resolution**
 * (the interquartile range of r / 1.349, the σ of a Gaussian with that IQR);
 * plus the RMSE and MAE of prediction − target. Quantiles are numpy's default
 * (`np.percentile`, linear interpolation between order statistics).
 */
export interface RegressionFigures {
  rmse: number;
  mae: number;
  bias: number;
  resolution: number;
  n: number;
}

/** numpy's percentile (method "linear") of sorted values, q in [0, 100]. */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export const IQR_TO_SIGMA = 1.349;

export function regressionFigures(targets: ArrayLike<number>, predictions: ArrayLike<number>): RegressionFigures {
  const n = targets.length;
  let se = 0;
  let ae = 0;
  const relative = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = predictions[i] - targets[i];
    se += d * d;
    ae += Math.abs(d);
    relative[i] = d / targets[i];
  }
  relative.sort();
  return {
    rmse: Math.sqrt(se / n),
    mae: ae / n,
    bias: percentileSorted(relative, 50),
    resolution: (percentileSorted(relative, 75) - percentileSorted(relative, 25)) / IQR_TO_SIGMA,
    n,
  };
}
