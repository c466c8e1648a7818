import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { challengeStatus } from "../src/challenges/challenge-status.ts";

const at = (iso: string) => new Date(iso);
const phase = (opens: string, closes: string | null) => ({
  opensAt: at(opens),
  closesAt: closes === null ? null : at(closes),
});

describe("challengeStatus", () => {
  const c = {
    acceptingSubmissions: true,
    phases: [
      phase("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"),
      phase("2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z"),
    ],
  };

  it("is open while a phase is open, until the latest deadline of the open phases", () => {
    assert.deepEqual(challengeStatus(c, at("2026-02-15T00:00:00Z")), {
      state: "open",
      label: "Open for submissions until 2026-04-01",
      until: at("2026-04-01T00:00:00Z"),
    });
    assert.equal(
      challengeStatus({ ...c, phases: [phase("2026-01-01T00:00:00Z", null)] }, at("2030-01-01T00:00:00Z")).label,
      "Open for submissions",
    );
  });

  it("is closed after the last deadline, even while the challenge still says it accepts submissions", () => {
    assert.deepEqual(challengeStatus(c, at("2026-04-01T00:00:00Z")), { state: "closed", label: "Closed", until: null });
  });

  it("is upcoming before its first phase opens, and paused when the organizers stopped submissions", () => {
    assert.equal(challengeStatus(c, at("2025-12-01T00:00:00Z")).label, "Opens 2026-01-01");
    assert.equal(challengeStatus({ ...c, acceptingSubmissions: false }, at("2026-02-15T00:00:00Z")).state, "paused");
    assert.equal(challengeStatus({ ...c, acceptingSubmissions: false }, at("2027-01-01T00:00:00Z")).state, "closed");
  });
});
