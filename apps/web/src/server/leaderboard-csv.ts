import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";
import type { Leaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";

/**
 * The leaderboard as RFC 4180 CSV, one row per entry, metric values at full
 * stored precision ("inf" for an unbounded one). Text that a spreadsheet
 * would run as a formula (= + - @ at the start) is prefixed with a quote.
 */
export function leaderboardCsv(board: Leaderboard, columns: MetricColumn[]): string {
  const p = board.primaryMetric;
  const privateBoard = board.board === "private";
  const header = [
    "rank",
    "participant",
    "submission_id",
    "submitted_at",
    ...columns.map((c) => c.key),
    `${p}_low68`,
    `${p}_high68`,
    "tied_with_above",
    "p_above_better",
    "submissions",
    ...(privateBoard ? ["public_rank"] : []),
  ];
  const lines = board.rows.map((r) => {
    const unbounded = (r.scores.unbounded as string[] | undefined) ?? [];
    const metric = (key: string) =>
      unbounded.includes(key) ? "inf" : typeof r.scores[key] === "number" ? String(r.scores[key]) : "";
    const end = (v: number | null) => (v === null ? "inf" : String(v));
    return [
      String(r.rank),
      r.participant,
      r.submissionId,
      r.submittedAt.toISOString(),
      ...columns.map((c) => metric(c.key)),
      r.interval ? end(r.interval.low) : "",
      r.interval ? end(r.interval.high) : "",
      r.tiedWithAbove === null ? "" : String(r.tiedWithAbove),
      r.probabilityAboveBetter === null ? "" : String(r.probabilityAboveBetter),
      String(r.submissions),
      ...(privateBoard ? [r.publicRank == null ? "" : String(r.publicRank)] : []),
    ];
  });
  return `${[header, ...lines].map((fields) => fields.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
