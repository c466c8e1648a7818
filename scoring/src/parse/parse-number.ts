import { InputError } from "./input-error.ts";

// Unambiguous (each digit can match one way only), so a failed match costs
// O(length): "\d+\.?\d*" splits a digit run in n ways and backtracks in O(n²).
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Longest field read as a number: far beyond any real one (a double needs at most ~770 digits to be exact, 17 to round-trip). */
const MAX_NUMBER_CHARS = 1000;

function requireShortField(t: string, file: string, line: number, column: number, name: string): void {
  if (t.length > MAX_NUMBER_CHARS)
    throw new InputError(
      `${name}: a field of ${t.length} characters is not a number (at most ${MAX_NUMBER_CHARS})`,
      file,
      line,
      column,
    );
}
const INTEGER = /^\+?\d+$/;

/** A finite decimal number; NaN, ±Inf and anything else are located errors. */
export function parseFiniteNumber(text: string, file: string, line: number, column: number, name: string): number {
  const t = text.trim();
  requireShortField(t, file, line, column, name);
  if (!DECIMAL.test(t)) {
    const what = /^[+-]?(nan|inf|infinity)$/i.test(t) ? `${t} is not allowed` : `"${t.slice(0, 40)}" is not a number`;
    throw new InputError(`${name}: ${what}`, file, line, column);
  }
  const value = Number(t);
  if (!Number.isFinite(value)) throw new InputError(`${name}: ${t} overflows a double`, file, line, column);
  return value;
}

/** A non-negative integer that a double holds exactly. */
export function parseNonNegativeInteger(
  text: string,
  file: string,
  line: number,
  column: number,
  name: string,
): number {
  const t = text.trim();
  requireShortField(t, file, line, column, name);
  if (!INTEGER.test(t))
    throw new InputError(`${name}: "${t.slice(0, 40)}" is not a non-negative integer`, file, line, column);
  const value = Number(t);
  if (!Number.isSafeInteger(value)) throw new InputError(`${name}: ${t} is too large`, file, line, column);
  return value;
}
