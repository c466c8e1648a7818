import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";
import type { Leaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { leaderboardRowsHtml } from "~/server/leaderboard-rows-html.ts";

/** The ranked rows as the server computed them; the browser only displays them (the rows are HTML text: leaderboard-rows-html.ts). */
export function LeaderboardTable({ board, columns }: { board: Leaderboard; columns: MetricColumn[] }) {
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
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: leaderboardRowsHtml escapes every value it writes */}
        <tbody dangerouslySetInnerHTML={{ __html: leaderboardRowsHtml(board, columns, hasIntervals) }} />
      </table>
    </div>
  );
}
