"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatBytes, formatMetric, formatTime } from "~/components/format.ts";
import { useTRPC } from "~/components/providers.tsx";
import { RocPlot, type RocPoint } from "~/components/roc-plot.tsx";

const STATUS_TEXT: Record<string, string> = {
  QUEUED: "Queued: waiting for a scoring worker.",
  SCORING: "Scoring…",
  SCORED: "Scored.",
  INVALID: "Invalid: the file could not be scored as it is.",
  FAILED: "Failed.",
};

const METRIC_LABELS: Record<string, string> = {
  auc: "ROC AUC",
  accuracy: "Accuracy (score > 0.5)",
  bgRejection30: "1/εB at εS = 0.3",
  bgRejection50: "1/εB at εS = 0.5",
  bgRejection30Interpolated: "1/εB at εS = 0.3 (interpolated)",
  bgRejection50Interpolated: "1/εB at εS = 0.5 (interpolated)",
};

export function SubmissionView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: s, error } = useQuery(
    trpc.submission.get.queryOptions({ id }, { refetchInterval: (q) => (!q.state.data || ["QUEUED", "SCORING"].includes(q.state.data.status) ? 1000 : false) }),
  );
  if (error) return <p className="error">{error.message}</p>;
  if (!s) return <p className="muted">Loading…</p>;
  const scores = (s.scores ?? {}) as Record<string, unknown>;
  const roc = ((s.curves ?? {}) as { roc?: RocPoint[] }).roc;
  return (
    <>
      <h1>
        Submission to <Link href={`/challenges/${s.challenge.slug}`}>{s.challenge.title}</Link>
      </h1>
      <p data-testid="submission-status" className={`status-line ${s.status.toLowerCase()}`}>
        <span className={`status ${s.status.toLowerCase()}`}>{s.status.toLowerCase()}</span> {STATUS_TEXT[s.status]}
      </p>
      {s.errorMessage && (
        <p className="error" role="alert" data-testid="submission-error">
          {s.errorMessage}
        </p>
      )}
      <table className="compact">
        <tbody>
          <tr><th>File</th><td>{s.fileName} ({formatBytes(s.size)})</td></tr>
          <tr><th>SHA-256</th><td><code>{s.sha256}</code></td></tr>
          {s.description && <tr><th>Description</th><td>{s.description}</td></tr>}
          <tr><th>Submitted</th><td>{formatTime(s.createdAt)}</td></tr>
          <tr><th>Scored</th><td>{formatTime(s.finishedAt)}</td></tr>
          {s.scorerVersion && <tr><th>Scorer</th><td>{s.scorerVersion}</td></tr>}
        </tbody>
      </table>
      {s.status === "SCORED" && (
        <>
          <h2>Scores</h2>
          <table className="scores" data-testid="scores">
            <tbody>
              {Object.entries(METRIC_LABELS)
                .filter(([key]) => key in scores)
                .map(([key, label]) => (
                  <tr key={key} data-testid={`score-${key}`}>
                    <th>{label}</th>
                    <td>{formatMetric(scores[key], key.startsWith("bg") ? "int" : "fixed4")}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {roc && (
            <>
              <h2>ROC curve</h2>
              <RocPlot points={roc} />
            </>
          )}
          <p>
            <Link href={`/challenges/${s.challenge.slug}/leaderboard`}>See the leaderboard →</Link>
          </p>
        </>
      )}
    </>
  );
}
