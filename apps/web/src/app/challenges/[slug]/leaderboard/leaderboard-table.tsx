import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";
import type { Leaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { formatMetric, metricNote, formatTime } from "~/components/format.ts";

/** The ranked rows as the server computed them; the browser only displays them. */
export function LeaderboardTable({ board, columns }: { board: Leaderboard; columns: MetricColumn[] }) {
  const primary = columns.find((c) => c.key === board.primaryMetric);
  const hasIntervals = board.rows.some((r) => r.interval);
  return (
    <div className="table-scroll">
      <table className="leaderboard" data-testid="leaderboard">
        <thead>
          <tr>
            <th>#</th>
            <th>Participant</th>
            {columns.map((c) => (
              <th key={c.key} className={c.key === board.primaryMetric ? "primary" : undefined}>
                {c.label}
              </th>
            ))}
            {hasIntervals && <th>68 % interval</th>}
            {board.board === "private" && <th>Public rank</th>}
            <th>Entries</th>
            <th>Submitted</th>
          </tr>
        </thead>
        <tbody>
          {board.rows.map((r) => (
            <tr key={r.submissionId} data-rank={r.rank}>
              <td>
                {r.rank}
                {r.tiedWithAbove && (
                  <abbr
                    className="tie"
                    title={`Statistically tied with rank ${r.rank - 1}: P(rank ${r.rank - 1} is better) = ${r.probabilityAboveBetter?.toFixed(2)}`}
                  >
                    {" "}
                    ≈
                  </abbr>
                )}
              </td>
              <td>{r.participant}</td>
              {columns.map((c) => (
                <td key={c.key} className={c.key === board.primaryMetric ? "primary" : undefined}>
                  {(() => {
                    const { unbounded, reason } = metricNote(r.scores, c.key);
                    const text = formatMetric(r.scores[c.key], c.format, unbounded);
                    return reason ? <abbr title={reason}>{text}</abbr> : text;
                  })()}
                </td>
              ))}
              {hasIntervals && (
                <td className="interval">
                  {r.interval ? `[${formatEnd(r.interval.low, primary)}, ${formatEnd(r.interval.high, primary)}]` : "—"}
                </td>
              )}
              {board.board === "private" && <td>{r.publicRank ?? "—"}</td>}
              <td>{r.submissions}</td>
              <td>{formatTime(r.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatEnd(value: number | null, column: MetricColumn | undefined): string {
  return value === null ? "∞" : formatMetric(value, column?.format);
}
