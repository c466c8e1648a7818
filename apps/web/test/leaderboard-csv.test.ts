import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Leaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { leaderboardCsv } from "../src/server/leaderboard-csv.ts";
import { leaderboardRow } from "./leaderboard-row.ts";

describe("the leaderboard CSV export", () => {
  it("quotes fields, defuses spreadsheet formulas, and writes unbounded values as inf", () => {
    const board = {
      primaryMetric: "auc",
      board: "public",
      rows: [leaderboardRow(1, '=HYPERLINK("x"), "Ada"', { auc: 0.95, r: null, unbounded: ["r"] })],
    } as unknown as Leaderboard;
    const csv = leaderboardCsv(board, [
      { key: "auc", label: "AUC", format: "fixed4", higherIsBetter: true },
      { key: "r", label: "R", format: "int", higherIsBetter: true },
    ]);
    const [header, line] = csv.split("\r\n");
    assert.equal(
      header,
      "rank,participant,submission_id,submitted_at,auc,r,auc_low68,auc_high68,tied_with_above,p_above_better,submissions",
    );
    assert.equal(line, `1,"'=HYPERLINK(""x""), ""Ada""",s1,2026-11-23T12:00:00.000Z,0.95,inf,0.9,inf,,,3`);
    assert.ok(csv.endsWith("\r\n"));
  });
});
