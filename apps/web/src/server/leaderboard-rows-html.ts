// The leaderboard's rows as HTML text. The board is the platform's most read
// page, and React renders a 50-row table twice on the server (the component
// tree, then its HTML) and sends it twice (as HTML and as the payload that
// hydrates it): written as one string, the rows cost a fraction of that. The
// rows have no interactivity to hydrate. Every value from the database
// (participant names above all: a participant chooses theirs) goes through
// escapeHtml.
import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";
import type { Leaderboard, LeaderboardRow } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { escapeHtml } from "../components/escape-html.ts";
import { formatMetric, formatTime, metricNote } from "../components/format.ts";

/** The rows of `board` as <tr> elements, for the columns the table heads. */
export function leaderboardRowsHtml(board: Leaderboard, columns: MetricColumn[], hasIntervals: boolean): string {
  const primary = columns.find((c) => c.key === board.primaryMetric);
  const cell = (text: string, className?: string) =>
    `<td${className ? ` class="${className}"` : ""}>${escapeHtml(text)}</td>`;
  const row = (r: LeaderboardRow) => {
    const tie = r.tiedWithAbove
      ? `<abbr class="tie" title="${escapeHtml(`Statistically tied with rank ${r.rank - 1}: P(rank ${r.rank - 1} is better) = ${r.probabilityAboveBetter?.toFixed(2)}`)}"> ≈</abbr>`
      : "";
    const metrics = columns.map((c) => {
      const { unbounded, reason } = metricNote(r.scores, c.key);
      const text = escapeHtml(formatMetric(r.scores[c.key], c.format, unbounded));
      const className = c.key === board.primaryMetric ? ` class="primary"` : "";
      return `<td${className}>${reason ? `<abbr title="${escapeHtml(reason)}">${text}</abbr>` : text}</td>`;
    });
    return [
      `<tr data-rank="${r.rank}">`,
      `<td>${r.rank}${tie}</td>`,
      cell(r.participant),
      ...metrics,
      hasIntervals
        ? cell(
            r.interval ? `[${formatEnd(r.interval.low, primary)}, ${formatEnd(r.interval.high, primary)}]` : "—",
            "interval",
          )
        : "",
      board.board === "private" ? cell(r.publicRank == null ? "—" : String(r.publicRank)) : "",
      cell(String(r.submissions)),
      cell(formatTime(r.submittedAt)),
      "</tr>",
    ].join("");
  };
  return board.rows.map(row).join("");
}

function formatEnd(value: number | null, column: MetricColumn | undefined): string {
  return value === null ? "∞" : formatMetric(value, column?.format);
}
