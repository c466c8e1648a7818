import Link from "next/link";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import type { MetricColumn } from "@unblind/challenges/shared/definition.ts";
import { formatMetric, formatTime } from "~/components/format.ts";
import { getCaller } from "~/server/auth.ts";
import { orNotFound } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";

export default async function LeaderboardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const board = await orNotFound(getLeaderboard(platform(), await getCaller(), slug));
  const columns = board.metrics as unknown as MetricColumn[];
  return (
    <>
      <h1>
        <Link href={`/challenges/${slug}`}>{board.title}</Link>: leaderboard
      </h1>
      <p className="muted">
        Each participant&apos;s best scored submission, ranked by {columns.find((c) => c.key === board.primaryMetric)?.label ?? board.primaryMetric}
        {board.higherIsBetter ? " (higher is better)" : " (lower is better)"}; ties go to the earlier submission.
      </p>
      {board.rows.length === 0 ? (
        <p className="muted">No scored submissions yet.</p>
      ) : (
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
              <th>Submitted</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((r) => (
              <tr key={r.submissionId}>
                <td>{r.rank}</td>
                <td>{r.participant}</td>
                {columns.map((c) => (
                  <td key={c.key} className={c.key === board.primaryMetric ? "primary" : undefined}>
                    {formatMetric(r.scores[c.key], c.format)}
                  </td>
                ))}
                <td>{formatTime(r.submittedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
