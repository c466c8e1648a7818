// The leaderboard's rows are written as HTML text (leaderboard-rows-html.ts):
// whatever a participant or a scorer puts in a name or a reason must arrive in
// the page as text, never as markup.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";
import type { Leaderboard, LeaderboardRow } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { leaderboardRowsHtml } from "../src/server/leaderboard-rows-html.ts";
import { leaderboardRow as row } from "./leaderboard-row.ts";

const columns: MetricColumn[] = [
  { key: "auc", label: "AUC", format: "fixed4", higherIsBetter: true },
  { key: "r30", label: "1/εB", format: "int", higherIsBetter: true },
];

const boardOf = (rows: LeaderboardRow[], board: "public" | "private" = "public") =>
  ({ primaryMetric: "auc", board, rows }) as unknown as Leaderboard;

/** The text of each cell of each row (tags removed, entities decoded). */
function cells(html: string): string[][] {
  const decode = (s: string) =>
    s
      .replace(/<[^>]*>/g, "")
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replace(/&amp;/g, "&");
  return [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => decode(c[1]!)),
  );
}

describe("the leaderboard's rows as HTML", () => {
  it("writes a hostile participant name and a scorer's reason as text, not markup", () => {
    const name = `<img src=x onerror="alert(1)">'&<script>alert(2)</script>`;
    const reason = `no background "passed" <b>here</b>`;
    const html = leaderboardRowsHtml(
      boardOf([row(1, name, { auc: 0.95, r30: null, reasons: { r30: reason } })]),
      columns,
      true,
    );
    assert.doesNotMatch(html, /<img|<script|<b>/);
    assert.match(html, /<abbr title="no background &#34;passed&#34; &#60;b&#62;here&#60;\/b&#62;">—<\/abbr>/);
    assert.deepEqual(cells(html), [["1", name, "0.9500", "—", "[0.9000, ∞]", "3", "2026-11-23 12:00:00 UTC"]]);
  });

  it("has one cell per column of the table's head, with the tie mark, unbounded values and the public rank", () => {
    const html = leaderboardRowsHtml(
      boardOf(
        [
          row(1, "Ada", { auc: 0.95, r30: 1234.6 }, { interval: null }),
          row(
            2,
            "Bo",
            { auc: 0.949, r30: null, unbounded: ["r30"] },
            { tiedWithAbove: true, probabilityAboveBetter: 0.61, publicRank: 7 },
          ),
        ],
        "private",
      ),
      columns,
      false,
    );
    // #, participant, 2 metrics, public rank, entries, submitted: the head of a private board without intervals.
    assert.deepEqual(cells(html), [
      ["1", "Ada", "0.9500", "1235", "—", "3", "2026-11-23 12:00:00 UTC"],
      ["2 ≈", "Bo", "0.9490", "∞ (unbounded)", "7", "3", "2026-11-23 12:00:00 UTC"],
    ]);
    assert.match(
      html,
      /<tr data-rank="2"><td>2<abbr class="tie" title="Statistically tied with rank 1: P\(rank 1 is better\) = 0.61"> ≈<\/abbr><\/td>/,
    );
    assert.match(html, /<td class="primary">0.9500<\/td>/);
  });
});
