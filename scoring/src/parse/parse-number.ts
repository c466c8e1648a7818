import { InputError } from "./input-error.ts";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^\+?\d+$/;

/** A finite decimal number; NaN, ±Inf and anything else are located errors. */
export function parseFiniteNumber(text: string, file: string, line: number, column: number, name: string): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) {
    const what = /^[+-]?(nan|inf|infinity)$/i.test(t) ? `${t} is not allowed` : `"${t.slice(0, 40)}" is not a number`;
    throw new InputError(`${name}: ${what}`, file, line, column);
  }
  const value = Number(t);
  if (!Number.isFinite(value)) throw new InputError(`${name}: ${t} overflows a double`, file, line, column);
  return value;
}

/** A non-negative integer that a double holds exactly. */
export function parseNonNegativeInteger(text: string, file: string, line: number, column: number, name: string): number {
  const t = text.trim();
  if (!INTEGER.test(t)) throw new InputError(`${name}: "${t.slice(0, 40)}" is not a non-negative integer`, file, line, column);
  const value = Number(t);
  if (!Number.isSafeInteger(value)) throw new InputError(`${name}: ${t} is too large`, file, line, column);
  return value;
}
