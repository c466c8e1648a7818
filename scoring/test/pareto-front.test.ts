import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { paretoFront } from "../src/fpga/pareto-front.ts";
import { jsonSyntaxError } from "../src/parse/parse-json.ts";

describe("paretoFront", () => {
  it("keeps the points no other is both more accurate and cheaper than, ordered by cost", () => {
    const points = [
      { value: 0.7, cost: 10 }, // 0: front
      { value: 0.75, cost: 30 }, // 1: front
      { value: 0.72, cost: 40 }, // 2: dominated by 1
      { value: 0.6, cost: 5 }, // 3: front (cheapest)
      { value: 0.7, cost: 12 }, // 4: dominated by 0 (same accuracy, costlier)
      { value: 0.76, cost: 80 }, // 5: front
      { value: NaN, cost: 1 }, // 6: never
    ];
    assert.deepEqual(paretoFront(points), [3, 0, 1, 5]);
  });

  it("keeps exact duplicates of a front point, and equals a brute-force check", () => {
    assert.deepEqual(
      paretoFront([
        { value: 1, cost: 1 },
        { value: 1, cost: 1 },
      ]),
      [0, 1],
    );
    let seed = 3;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pts = Array.from({ length: 300 }, () => ({
      value: Math.round(rand() * 50) / 50,
      cost: Math.round(rand() * 50),
    }));
    const dominated = (p: (typeof pts)[0]) =>
      pts.some((q) => q.value >= p.value && q.cost <= p.cost && (q.value > p.value || q.cost < p.cost));
    const brute = pts
      .map((p, i) => [p, i] as const)
      .filter(([p]) => !dominated(p))
      .map(([, i]) => i);
    assert.deepEqual(
      [...paretoFront(pts)].sort((a, b) => a - b),
      brute,
    );
  });
});

describe("jsonSyntaxError", () => {
  it("points at the first offending character", () => {
    assert.equal(jsonSyntaxError('{"a": 1}'), null);
    assert.deepEqual(jsonSyntaxError('{\n  "a": 1,\n  "b": tru\n}'), {
      message: 'expected true (found "t")',
      line: 3,
      column: 8,
    });
    assert.deepEqual(jsonSyntaxError('{"a": [1, 2,]}'), {
      message: 'unexpected character (found "]")',
      line: 1,
      column: 13,
    });
    assert.deepEqual(jsonSyntaxError('{"a": 1'), { message: "expected , or }", line: 1, column: 8 });
  });
});
