import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accuracy } from "../src/metrics/accuracy.ts";

describe("accuracy", () => {
  it("predicts signal only for scores strictly above the cut", () => {
    // 0.5 is not > 0.5, so the first row is predicted background: wrong.
    assert.equal(accuracy([1, 0, 1, 0], [0.5, 0.2, 0.9, 0.7]), 0.5);
  });
  it("uses a configurable cut", () => {
    assert.equal(accuracy([1, 0], [0.3, 0.1], 0.2), 1);
  });
  it("throws on empty input", () => {
    assert.throws(() => accuracy([], []), RangeError);
  });
});
