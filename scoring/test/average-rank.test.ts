// The average rank across tasks, against scipy.stats.rankdata (an
// independent implementation) on random values with ties and missing ones.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { averageRanks } from "../src/metrics/average-rank.ts";
import { Random } from "../src/random.ts";

describe("average rank across tasks", () => {
  it("ranks 1 for the best, shares tied ranks, leaves out entries missing a task", () => {
    // Three entries, two tasks, higher is better.
    assert.deepEqual(
      averageRanks(
        [
          [0.9, 0.8, 0.8],
          [0.5, 0.7, 0.6],
        ],
        true,
      ),
      [(1 + 3) / 2, (2.5 + 1) / 2, (2.5 + 2) / 2],
    );
    assert.deepEqual(
      averageRanks(
        [
          [0.9, null, 0.1],
          [0.5, 0.7, 0.6],
        ],
        false,
      ),
      [(2 + 1) / 2, null, (1 + 2) / 2],
    );
    assert.deepEqual(averageRanks([[Infinity, 3]], true), [1, 2]);
  });

  it("equals scipy's rankdata averaged over tasks", () => {
    const r = new Random(5);
    for (const higherIsBetter of [true, false]) {
      const tasks = 4;
      const n = 60;
      const values = Array.from({ length: tasks }, () =>
        Array.from({ length: n }, () => {
          const u = r.nextUint32() / 2 ** 32;
          return u < 0.05 ? null : Math.round(u * 20) / 20;
        }),
      );
      const reference = JSON.parse(
        execFileSync(
          "/usr/bin/python3",
          [
            "-c",
            `import json, sys, numpy as np
from scipy.stats import rankdata
d = json.load(sys.stdin)
v = np.array([[np.nan if x is None else x for x in t] for t in d["values"]])
ok = ~np.isnan(v).any(axis=0)
sign = -1 if d["higher"] else 1
ranks = np.array([rankdata(sign * t[ok], method="average") for t in v])
out = [None] * v.shape[1]
for j, e in enumerate(np.flatnonzero(ok)): out[e] = float(ranks[:, j].mean())
print(json.dumps(out))`,
          ],
          { input: JSON.stringify({ values, higher: higherIsBetter }), encoding: "utf8" },
        ),
      ) as (number | null)[];
      const got = averageRanks(values, higherIsBetter);
      got.forEach((g, e) => {
        if (reference[e] === null) assert.equal(g, null);
        else assert.ok(Math.abs(g! - reference[e]!) < 1e-12, `entry ${e}: ${g} vs ${reference[e]}`);
      });
    }
  });
});
