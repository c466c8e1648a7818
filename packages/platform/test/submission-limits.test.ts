import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { currentPhase, nextUtcDayStart, utcDayStart } from "../src/submissions/submission-limits.ts";

describe("submission limits", () => {
  it("counts a day from 00:00 UTC and resets at the next 00:00 UTC", () => {
    const now = new Date("2026-11-23T23:59:59.999Z");
    assert.equal(utcDayStart(now).toISOString(), "2026-11-23T00:00:00.000Z");
    assert.equal(nextUtcDayStart(now).toISOString(), "2026-11-24T00:00:00.000Z");
  });

  it("takes the phase open now, open at its start and closed at its end", () => {
    const phase = {
      id: "p",
      opensAt: new Date("2026-01-01T00:00:00Z"),
      closesAt: new Date("2026-02-01T00:00:00Z"),
      maxPerDay: 1,
    };
    assert.equal(currentPhase([phase], new Date("2026-01-01T00:00:00Z")), phase);
    assert.equal(currentPhase([phase], new Date("2026-02-01T00:00:00Z")), null);
    assert.equal(currentPhase([{ ...phase, closesAt: null }], new Date("2030-01-01T00:00:00Z"))?.id, "p");
  });
});
