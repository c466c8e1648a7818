import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError, MAX_MESSAGE_CHARS } from "../src/parse/input-error.ts";
import { parseFiniteNumber } from "../src/parse/parse-number.ts";

describe("InputError", () => {
  it("keeps a message of at most MAX_MESSAGE_CHARS, cutting the middle of a longer one", () => {
    const long = new InputError(`bad value "${"x".repeat(100_000)}" here`, "s.csv", 2, 1);
    assert.ok(long.message.length <= MAX_MESSAGE_CHARS);
    assert.match(long.message, /^bad value "x+ … \(\d+ characters cut\) … x+" here$/);
    assert.equal(new InputError("short", "s.csv").message, "short");
  });
});

describe("parseFiniteNumber", () => {
  it("reads every decimal form, and refuses a malformed digit run in linear time", () => {
    for (const [t, v] of [
      ["1", 1],
      ["1.", 1],
      [".5", 0.5],
      ["-1e5", -1e5],
      ["+.5e2", 50],
      ["1.5e-3", 0.0015],
    ] as const)
      assert.equal(parseFiniteNumber(t, "s.csv", 2, 2, "score"), v);
    for (const t of [".", "e5", "1e", "1.2.3", "--1", ""])
      assert.throws(() => parseFiniteNumber(t, "s.csv", 2, 2, "score"), InputError);
    // 999 digits then a letter: a backtracking pattern would take O(n²) here, and a 20 MB field forever.
    assert.throws(() => parseFiniteNumber(`${"9".repeat(999)}x`, "s.csv", 2, 2, "score"), /is not a number/);
  });
});
