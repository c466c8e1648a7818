import { forEachCsvRow } from "./csv-lines.ts";
import { InputError } from "./input-error.ts";
import { parseFiniteNumber, parseNonNegativeInteger } from "./parse-number.ts";
import { DEFAULT_LIMITS, type InputFile, inputLabel, readInput, type ReadLimits } from "./read-input.ts";

/**
 * Reads a two-column `<id>,<score>` submission (top tagging: `id,score`;
 * LHCO: `event_index,score`) and returns the scores in the order of `ids`.
 * Every id must appear exactly once and no other id may appear. Scores are
 * parsed exactly from their text, so ties are the ties the participant wrote.
 */
export async function readScoresFor(
  file: InputFile,
  ids: Float64Array,
  columns: readonly [string, string] = ["id", "score"],
  limits: ReadLimits = DEFAULT_LIMITS,
  label = inputLabel(file),
): Promise<Float64Array> {
  const [scores] = await readColumnsFor(file, ids, columns, { limits, label });
  return scores;
}

/**
 * Reads an `<id>,<value>,<value>,…` submission with exactly `columns` as its
 * header (a multi-class submission: one probability per class) and returns
 * each value column in the order of `ids`, under the rules of readScoresFor.
 */
export async function readColumnsFor(
  file: InputFile,
  ids: Float64Array,
  columns: readonly string[],
  {
    limits = DEFAULT_LIMITS,
    label = inputLabel(file),
    check,
  }: {
    limits?: ReadLimits;
    label?: string;
    /** What is wrong with a value (its column's name and the value given), or null: located at its line and column. */
    check?: (value: number, column: string) => string | null;
  } = {},
): Promise<Float64Array[]> {
  const [idName, ...valueNames] = columns;
  const what = idName === "id" ? "test jet" : "test event";
  const n = ids.length;
  // Dense ids 0..n-1 (the usual case) index directly; others go through a map.
  const dense = ids.every((id, i) => id === i);
  const position = dense ? undefined : new Map(Array.from(ids, (id, i) => [id, i]));
  const values = valueNames.map(() => new Float64Array(n));
  const seenAt = new Int32Array(n); // line where each id was seen, 0 = not yet
  const data = await readInput(file, limits, label);
  forEachCsvRow(data, label, columns, (f, line) => {
    const id = parseNonNegativeInteger(f[0], label, line, 1, idName);
    const at = dense ? (id < n ? id : -1) : (position!.get(id) ?? -1);
    if (at < 0) throw new InputError(`${idName} ${id} is not a ${what}`, label, line, 1);
    if (seenAt[at]) throw new InputError(`${idName} ${id} appears twice (first on line ${seenAt[at]})`, label, line, 1);
    seenAt[at] = line;
    for (let c = 0; c < valueNames.length; c++) {
      const v = parseFiniteNumber(f[c + 1], label, line, c + 2, valueNames[c]);
      const problem = check?.(v, valueNames[c]);
      if (problem) throw new InputError(problem, label, line, c + 2);
      values[c][at] = v;
    }
  });
  const missing = seenAt.indexOf(0);
  if (missing !== -1) {
    const count = seenAt.reduce((c, l) => c + (l === 0 ? 1 : 0), 0);
    const named = valueNames.length === 1 ? valueNames[0] : "values";
    throw new InputError(`${count} ${what}(s) have no ${named}, the first is ${idName} ${ids[missing]}`, label);
  }
  return values;
}
