import { InputError } from "./input-error.ts";

/**
 * Splits the header line at the start of `buf` (a UTF-8 BOM is skipped) and
 * returns the trimmed column names and the offset of the next line.
 */
export function readCsvHeader(buf: Buffer, file: string): { names: string[]; next: number } {
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const lf = buf.indexOf(10, start);
  const end = lf === -1 ? buf.length : lf;
  const text = buf.toString("utf8", start, end > start && buf[end - 1] === 13 ? end - 1 : end);
  if (text.includes("\0")) throw new InputError("this is a binary file, not a CSV text file", file, 1);
  start = lf === -1 ? buf.length : lf + 1;
  return { names: text.split(",").map((h) => h.trim()), next: start };
}

/** Throws unless the header is exactly `expected`. */
export function expectHeader(names: string[], expected: readonly string[], file: string): void {
  if (names.length !== expected.length || names.some((h, i) => h !== expected[i])) {
    throw new InputError(
      `the header must be "${expected.join(",")}", found "${printable(names.join(","))}"`,
      file,
      1,
      1,
    );
  }
}

function printable(text: string, max = 60): string {
  const t = text.replace(/[^\x20-\x7e]/g, "?");
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
