import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";
import { readTopTaggingTruth } from "../src/challenges/top-tagging.ts";
import { readScoresFor } from "../src/parse/read-scores.ts";
import { InputError } from "../src/parse/input-error.ts";
import { writePandasFrame } from "../src/parse/pandas-hdf5.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-parse-"));
const truth = { ids: Float64Array.from([0, 1, 2]), labels: Uint8Array.from([1, 0, 1]) };

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function rejectsAt(
  content: string | Buffer,
  line: number | undefined,
  column: number | undefined,
  message: RegExp,
  limits?: Parameters<typeof readScoresFor>[3],
) {
  await assert.rejects(
    readScoresFor(file(`f${Math.random()}.csv`, content), truth.ids, undefined, limits),
    (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, message);
      assert.equal(e.line, line);
      assert.equal(e.column, column);
      return true;
    },
  );
}

describe("reading an id,score submission", () => {
  it("returns the scores in truth order whatever the row order, gzipped or not", async () => {
    const csv = "id,score\n2,0.3\n0,0.1\n1,-2e-3\n";
    assert.deepEqual([...(await readScoresFor(file("ok.csv", csv), truth.ids))], [0.1, -0.002, 0.3]);
    assert.deepEqual([...(await readScoresFor(file("ok.csv.gz", gzipSync(csv)), truth.ids))], [0.1, -0.002, 0.3]);
  });
  it("accepts CRLF line endings and a trailing blank line", async () => {
    assert.equal((await readScoresFor(file("crlf.csv", "id,score\r\n0,1\r\n1,2\r\n2,3\r\n\r\n"), truth.ids)).length, 3);
  });
  it("rejects a wrong header at line 1", () => rejectsAt("id,prob\n0,1\n", 1, 1, /header must be "id,score"/));
  it("rejects NaN and infinities at their line and column", async () => {
    await rejectsAt("id,score\n0,1\n1,NaN\n2,1\n", 3, 2, /NaN is not allowed/);
    await rejectsAt("id,score\n0,-inf\n", 2, 2, /-inf is not allowed/);
  });
  it("rejects text where a number must be", () => rejectsAt("id,score\n0,abc\n", 2, 2, /"abc" is not a number/));
  it("rejects a duplicate id, naming the first occurrence", () =>
    rejectsAt("id,score\n0,1\n1,1\n0,2\n", 4, 1, /id 0 appears twice \(first on line 2\)/));
  it("rejects an id that is not a test jet", () => rejectsAt("id,score\n0,1\n7,1\n", 3, 1, /id 7 is not a test jet/));
  it("rejects a non-integer id", () => rejectsAt("id,score\n0.5,1\n", 2, 1, /not a non-negative integer/));
  it("rejects missing ids, counting them", () =>
    rejectsAt("id,score\n0,1\n", undefined, undefined, /2 test jet\(s\) have no score, the first is id 1/));
  it("rejects a row with the wrong number of columns", () =>
    rejectsAt("id,score\n0,1,2\n", 2, 3, /expected 2 columns/));
  it("rejects an empty file", () => rejectsAt("", undefined, undefined, /empty/));
  it("rejects a binary file", () =>
    rejectsAt(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), 1, undefined, /binary file/));
  it("stops a gzip bomb before it expands past the ratio bound", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x30));
    assert.ok(bomb.length < 100 * 1024);
    await rejectsAt(bomb, undefined, undefined, /gzip bomb/, {
      maxBytes: 1e9,
      maxDecompressedBytes: 1e9,
      maxRatio: 100,
    });
  });
  it("rejects a file above the size limit without reading it", () =>
    rejectsAt("id,score\n0,1\n1,1\n2,1\n", undefined, undefined, /above the limit of 10 B/, {
      maxBytes: 10,
      maxDecompressedBytes: 10,
      maxRatio: 10,
    }));
});

describe("reading the top-tagging truth", () => {
  it("reads id,is_signal CSV and refuses labels other than 0 and 1", async () => {
    const t = await readTopTaggingTruth(file("truth.csv", "id,is_signal\n0,1\n1,0\n"));
    assert.deepEqual([...t.labels], [1, 0]);
    await assert.rejects(readTopTaggingTruth(file("bad-truth.csv", "id,is_signal\n0,2\n")), /is_signal must be 0 or 1/);
  });

  it("reads the labelled HDF5 test file, recognised by its signature, with ids as row numbers", async () => {
    const h5 = path.join(dir, "labelled.h5");
    await writePandasFrame(h5, "table", 3, [
      { dtype: "<f", columns: ["E_0"], values: Float32Array.from([1, 2, 3]) },
      { dtype: "<q", columns: ["ttv", "is_signal_new"], values: BigInt64Array.from([1n, 0n, 1n, 1n, 1n, 0n]) },
    ]);
    const t = await readTopTaggingTruth(h5);
    assert.deepEqual([...t.ids], [0, 1, 2]);
    assert.deepEqual([...t.labels], [0, 1, 0]);
  });
});
