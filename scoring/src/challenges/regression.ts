// A regression, configured by the challenge's bundle: the truth's target
// (and optionally a column to bin in), the submission's prediction, by the
// configured names. Scores: RMSE, MAE, and the bias and resolution of the
// relative residual (metrics/relative-residual.ts), overall and per bin.
import path from "node:path";
import { regressionFigures } from "../metrics/relative-residual.ts";
import { forEachCsvRow } from "../parse/csv-lines.ts";
import { InputError } from "../parse/input-error.ts";
import { isHdf5, readPandasColumns } from "../parse/pandas-hdf5.ts";
import { parseFiniteNumber, parseNonNegativeInteger } from "../parse/parse-number.ts";
import { readHead } from "../parse/read-head.ts";
import { DEFAULT_LIMITS, readInput } from "../parse/read-input.ts";
import type { RegressionConfig } from "./regression-config.ts";

export interface RegressionTruth {
  ids: Float64Array;
  targets: Float64Array;
  binValues?: Float64Array;
}

/** The truth: a CSV with exactly the configured columns (id, target[, bin]), or a pandas HDF5 frame holding them. */
export async function readRegressionTruth(file: string, c: RegressionConfig): Promise<RegressionTruth> {
  const label = path.basename(file);
  const { id, target, bin } = c.truth;
  let truth: RegressionTruth;
  if (isHdf5(await readHead(file, 8))) {
    const cols = await readPandasColumns(file, c.truth.key, [id, target, ...(bin ? [bin] : [])], label);
    truth = { ids: cols.get(id)!, targets: cols.get(target)!, ...(bin ? { binValues: cols.get(bin)! } : {}) };
  } else {
    const data = await readInput(file, { ...DEFAULT_LIMITS, maxBytes: 16 * 1024 ** 3 }, label);
    const ids: number[] = [];
    const targets: number[] = [];
    const binValues: number[] = [];
    forEachCsvRow(data, label, [id, target, ...(bin ? [bin] : [])], (f, line) => {
      ids.push(parseNonNegativeInteger(f[0], label, line, 1, id));
      targets.push(parseFiniteNumber(f[1], label, line, 2, target));
      if (bin) binValues.push(parseFiniteNumber(f[2], label, line, 3, bin));
    });
    truth = {
      ids: Float64Array.from(ids),
      targets: Float64Array.from(targets),
      ...(bin ? { binValues: Float64Array.from(binValues) } : {}),
    };
  }
  const zero = truth.targets.findIndex((t) => t === 0 || !Number.isFinite(t));
  if (zero >= 0)
    throw new InputError(
      `${target} of row ${zero} is ${truth.targets[zero]}: a relative residual needs a non-zero target`,
      label,
    );
  return truth;
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
