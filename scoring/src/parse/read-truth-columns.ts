// An organizer's truth for a configurable scorer: an id column and numeric
// columns by name, from a CSV whose header is exactly those columns or from
// a pandas HDF5 frame (fixed or table format) holding them. Problems found
// after reading (a label out of range) are located with `at`: the CSV line
// and column, or the HDF5 key, column and row.
import path from "node:path";
import { forEachCsvRow } from "./csv-lines.ts";
import { InputError } from "./input-error.ts";
import { isHdf5, readPandasColumns } from "./pandas-hdf5.ts";
import { parseFiniteNumber, parseNonNegativeInteger } from "./parse-number.ts";
import { readHead } from "./read-head.ts";
import { DEFAULT_LIMITS, readInput } from "./read-input.ts";

export interface TruthColumns {
  ids: Float64Array;
  /** The value columns, in the order asked for. */
  columns: Float64Array[];
  /** An error about row `row` (0-based) of value column `column` (its index), located in the file. */
  at(row: number, column: number, message: string): InputError;
}

export async function readTruthColumns(
  file: string,
  spec: { key: string; id: string; columns: readonly string[] },
): Promise<TruthColumns> {
  const label = path.basename(file);
  const names = [spec.id, ...spec.columns];
  if (isHdf5(await readHead(file, 8))) {
    const cols = await readPandasColumns(file, spec.key, names, label);
    return {
      ids: cols.get(spec.id)!,
      columns: spec.columns.map((c) => cols.get(c)!),
      at: (row, column, message) =>
        new InputError(`${spec.key}, column ${spec.columns[column]}, row ${row}: ${message}`, label),
    };
  }
  const data = await readInput(file, { ...DEFAULT_LIMITS, maxBytes: 16 * 1024 ** 3 }, label);
  const ids: number[] = [];
  const values: number[][] = spec.columns.map(() => []);
  forEachCsvRow(data, label, names, (f, line) => {
    ids.push(parseNonNegativeInteger(f[0], label, line, 1, spec.id));
    for (let c = 0; c < spec.columns.length; c++)
      values[c].push(parseFiniteNumber(f[c + 1], label, line, c + 2, spec.columns[c]));
  });
  return {
    ids: Float64Array.from(ids),
    columns: values.map((v) => Float64Array.from(v)),
    // Data rows start on line 2, after the header.
    at: (row, column, message) => new InputError(`${spec.columns[column]} ${message}`, label, row + 2, column + 2),
  };
}

/** Labelled events: an id, an integer class label and an optional weight per row. */
export interface LabelledTruth {
  ids: Float64Array;
  labels: Uint8Array;
  weights?: Float64Array;
}

/**
 * The truth of a classification: the configured id, label and optional
 * weight columns; a label that is not one of `classes` (0 … classes − 1) is
 * refused at its place, saying what the labels must be.
 */
export async function readLabelledTruth(
  file: string,
  truth: { id: string; label: string; weight?: string; key: string },
  classes: number,
): Promise<LabelledTruth> {
  const { id, label, weight, key } = truth;
  const read = await readTruthColumns(file, { key, id, columns: [label, ...(weight ? [weight] : [])] });
  const expected = classes === 2 ? "0 or 1" : `a class index from 0 to ${classes - 1}`;
  const labels = Uint8Array.from(read.columns[0], (v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= classes) throw read.at(i, 0, `must be ${expected}, found ${v}`);
    return v;
  });
  return { ids: read.ids, labels, ...(weight ? { weights: read.columns[1] } : {}) };
}
