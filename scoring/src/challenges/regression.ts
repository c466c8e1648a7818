// A regression, configured by the challenge's bundle: the truth's target
// (and optionally a column to bin in), the submission's prediction, by the
// configured names. Scores: RMSE, MAE, and the bias and resolution of the
// relative residual (metrics/relative-residual.ts), overall and per bin.
import { regressionFigures } from "../metrics/relative-residual.ts";
import { readTruthColumns } from "../parse/read-truth-columns.ts";
import type { RegressionConfig } from "./regression-config.ts";

export interface RegressionTruth {
  ids: Float64Array;
  targets: Float64Array;
  binValues?: Float64Array;
}

/** The truth: a CSV with exactly the configured columns (id, target[, bin]), or a pandas HDF5 frame holding them. */
export async function readRegressionTruth(file: string, c: RegressionConfig): Promise<RegressionTruth> {
  const { id, target, bin, key } = c.truth;
  const read = await readTruthColumns(file, { key, id, columns: [target, ...(bin ? [bin] : [])] });
  const targets = read.columns[0];
  const zero = targets.findIndex((t) => t === 0 || !Number.isFinite(t));
  if (zero >= 0) throw read.at(zero, 0, `is ${targets[zero]}: a relative residual needs a non-zero target`);
  return { ids: read.ids, targets, ...(bin ? { binValues: read.columns[1] } : {}) };
}

export function scoreRegression(truth: RegressionTruth, predictions: Float64Array, c: RegressionConfig) {
  const overall = regressionFigures(truth.targets, predictions);
  const out: Record<string, unknown> = {
    rmse: overall.rmse,
    mae: overall.mae,
    bias: overall.bias,
    resolution: overall.resolution,
    nEvents: overall.n,
  };
  if (c.bins && truth.binValues) {
    const edges = c.bins;
    const reasons: Record<string, string> = {};
    const bins = edges.slice(1).map((hi, k) => {
      const lo = edges[k];
      const keep = Array.from(truth.binValues!, (v, i) => (v >= lo && v < hi ? i : -1)).filter((i) => i >= 0);
      const key = k + 1;
      if (keep.length === 0) {
        out[`biasBin${key}`] = null;
        out[`resolutionBin${key}`] = null;
        reasons[`biasBin${key}`] = reasons[`resolutionBin${key}`] = `no test event in [${lo}, ${hi})`;
        return { lo, hi, n: 0, bias: null, resolution: null };
      }
      const f = regressionFigures(
        keep.map((i) => truth.targets[i]),
        keep.map((i) => predictions[i]),
      );
      out[`biasBin${key}`] = f.bias;
      out[`resolutionBin${key}`] = f.resolution;
      return { lo, hi, n: f.n, bias: f.bias, resolution: f.resolution };
    });
    out.bins = bins;
    if (Object.keys(reasons).length) out.reasons = reasons;
  }
  return out;
}
