import { expectHeader } from "./csv-header.ts";
import { InputError } from "./input-error.ts";

/**
 * Splits a CSV buffer into lines and comma-separated fields, strictly: no
 * quoting (these are numeric files), a fixed number of fields per line, LF or
 * CRLF endings, blank trailing lines ignored. A NUL byte marks a binary file.
 *
 * Calls `onRow(fields, lineNumber)` for each data line after the header.
 * Cost: O(bytes).
 */
export function forEachCsvRow(
  data: Buffer,
  file: string,
  expectedHeader: readonly string[],
  onRow: (fields: string[], line: number) => void,
): number {
  if (data.indexOf(0) !== -1) {
    throw new InputError("this is a binary file, not a CSV text file", file, lineOf(data, data.indexOf(0)));
  }
  let start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  let line = 0;
  let rows = 0;
  const n = data.length;
  while (start < n) {
    let end = data.indexOf(10, start);
    if (end === -1) end = n;
    line++;
    let stop = end;
    if (stop > start && data[stop - 1] === 13) stop--;
    const text = data.toString("utf8", start, stop);
    start = end + 1;
    if (line === 1) {
      expectHeader(
        text.split(",").map((h) => h.trim()),
        expectedHeader,
        file,
      );
      continue;
    }
    if (text.trim() === "") {
      if (data.subarray(start).toString("utf8").trim() !== "")
        throw new InputError("blank line inside the data", file, line, 1);
      break;
    }
    const fields = text.split(",");
    if (fields.length !== expectedHeader.length) {
      throw new InputError(
        `expected ${expectedHeader.length} columns (${expectedHeader.join(",")}), found ${fields.length}`,
        file,
        line,
        Math.min(fields.length, expectedHeader.length + 1),
      );
    }
    if (text.includes('"')) throw new InputError("quoted fields are not accepted in this numeric CSV", file, line, 1);
    onRow(fields, line);
    rows++;
  }
  if (line === 0) throw new InputError("the file is empty", file);
  return rows;
}

function lineOf(data: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (data[i] === 10) line++;
  return line;
}
