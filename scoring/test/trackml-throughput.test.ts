import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { trackmlThroughput } from "../src/metrics/trackml-throughput.ts";

describe("the TrackML throughput score (Amrouche et al. 2023)", () => {
  it("is sqrt(ln(1 + 600/t)·(S − 0.5)²), computed by hand at the paper's scale", () => {
    // S = 1 at 600 s per event: sqrt(ln 2 · 0.25).
    assert.equal(trackmlThroughput(1, 600), Math.sqrt(Math.log(2) * 0.25));
    assert.ok(Math.abs(trackmlThroughput(0.9, 1)! - Math.sqrt(Math.log(601) * 0.16)) < 1e-15);
    assert.ok(Math.abs(trackmlThroughput(0.75, 10)! - 0.25 * Math.sqrt(Math.log(61))) < 1e-15);
  });

  it("is 0 below an accuracy of 0.5, however fast", () => {
    assert.equal(trackmlThroughput(0.4999, 1e-6), 0);
    assert.equal(trackmlThroughput(0, 0.01), 0);
    assert.equal(trackmlThroughput(0.5, 1), 0);
  });

  it("rewards speed at equal accuracy and accuracy at equal speed", () => {
    assert.ok(trackmlThroughput(0.8, 1)! > trackmlThroughput(0.8, 2)!);
    assert.ok(trackmlThroughput(0.81, 2)! > trackmlThroughput(0.8, 2)!);
  });

  it("has no value without an accuracy or a positive time", () => {
    assert.equal(trackmlThroughput(null, 1), null);
    assert.equal(trackmlThroughput(0.9, 0), null);
    assert.equal(trackmlThroughput(0.9, Number.NaN), null);
  });
});
