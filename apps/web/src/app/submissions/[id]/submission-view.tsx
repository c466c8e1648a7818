"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatBytes, formatMetric, formatScore, formatTime, metricNote } from "~/components/format.ts";
import { useTRPC } from "~/components/providers.tsx";
import { RocPlot } from "~/components/roc-plot.tsx";
import { EventDisplay } from "~/components/event-display.tsx";
import { FpgaResources } from "~/components/fpga-resources.tsx";
import { readFpgaScores } from "@unblind/platform/scorers/registry.ts";
import { CodeRun } from "./code-run.tsx";

const STATUS_TEXT: Record<string, string> = {
  QUEUED: "Queued: waiting for a scoring worker.",
  SCORING: "Scoring…",
  SCORED: "Scored.",
  INVALID: "Invalid: the file could not be scored as it is.",
  FAILED: "Failed.",
};

export function SubmissionView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: s, error } = useQuery(
    trpc.submission.get.queryOptions(
      { id },
      { refetchInterval: (q) => (!q.state.data || ["QUEUED", "SCORING"].includes(q.state.data.status) ? 1000 : false) },
    ),
  );
  if (error) return <p className="error">{error.message}</p>;
  if (!s) return <p className="muted">Loading…</p>;
  const scores = s.scores ?? {};
  const { roc, workingPoints, display, events: publicEvents } = s.curves ?? {};
  // After the reveal, the private events too: every test event, in order.
  const privateEvents = s.privateCurves?.events ?? [];
  const events = publicEvents ? [...publicEvents, ...privateEvents].sort((a, b) => a.eventId - b.eventId) : null;
  const metrics = s.challenge.metrics;
  const fpgaScores = readFpgaScores(s.scores);
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
          <tr>
            <th>File</th>
            <td>
              {s.fileName} ({formatBytes(s.size)})
            </td>
          </tr>
          <tr>
            <th>SHA-256</th>
            <td>
              <code>{s.sha256}</code>
            </td>
          </tr>
          {s.description && (
            <tr>
              <th>Description</th>
              <td>{s.description}</td>
            </tr>
          )}
          <tr>
            <th>Submitted</th>
            <td>{formatTime(s.createdAt)}</td>
          </tr>
          <tr>
            <th>Scored</th>
            <td>{formatTime(s.finishedAt)}</td>
          </tr>
          {s.scorerVersion && (
            <tr>
              <th>Scorer</th>
              <td>{s.scorerVersion}</td>
            </tr>
          )}
        </tbody>
      </table>
      {s.organizerDetails && (
        <details className="organizer-details" data-testid="organizer-details">
          <summary>Scoring details (organizers only)</summary>
          <table className="compact">
            <tbody>
              <tr>
                <th>Attempts</th>
                <td>{s.organizerDetails.attempts}</td>
              </tr>
              {s.organizerDetails.truthSha256 && (
                <tr>
                  <th>Truth SHA-256</th>
                  <td>
                    <code>{s.organizerDetails.truthSha256}</code>
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {s.organizerDetails.internalError && <pre className="internal-error">{s.organizerDetails.internalError}</pre>}
        </details>
      )}
      {s.run ? <CodeRun run={s.run} organizerLog={s.organizerDetails?.organizerLog} /> : null}
      {s.status === "SCORED" && (
        <>
          <h2>Scores</h2>
          {s.failedGates.length > 0 && (
            <p className="error" data-testid="failed-gates">
              Scored, but not ranked: it fails {s.failedGates.length === 1 ? "a test" : "tests"} the challenge requires.{" "}
              {s.failedGates.join("; ")}.
            </p>
          )}
          {s.phase.publicFraction !== null && (
            <p className="muted" data-testid="public-share">
              Public scores: computed on the hidden {Math.round(s.phase.publicFraction * 100)} % of the test set behind
              the public leaderboard.{" "}
              {s.privateScores
                ? "The private leaderboard has been revealed: the private scores, on the rest of the test set, are in the second column."
                : `The rest decides the private leaderboard, revealed after ${s.phase.name} closes.`}
            </p>
          )}
          <table className="scores" data-testid="scores">
            {s.privateScores && (
              <thead>
                <tr>
                  <th />
                  <th>Public</th>
                  <th>Private</th>
                </tr>
              </thead>
            )}
            <tbody>
              {metrics
                .filter((m) => m.key in scores)
                .map((m) => (
                  <tr key={m.key} data-testid={`score-${m.key}`}>
                    <th>{m.label}</th>
                    <td>
                      {formatScore(scores, m.key, m.format)}
                      <MetricReason reason={metricNote(scores, m.key).reason} />
                    </td>
                    {s.privateScores && (
                      <td data-testid={`private-score-${m.key}`}>
                        {formatScore(s.privateScores, m.key, m.format)}
                        <MetricReason reason={metricNote(s.privateScores, m.key).reason} />
                      </td>
                    )}
                  </tr>
                ))}
            </tbody>
          </table>
          {fpgaScores && <FpgaResources scores={fpgaScores} />}
          {roc && (
            <>
              <h2>ROC curve</h2>
              <RocPlot curves={[{ label: "this submission", points: roc }]} />
            </>
          )}
          {!roc && workingPoints && (
            <>
              <h2>ROC at fixed working points</h2>
              <p className="muted" data-testid="working-points-note">
                Background efficiency at signal efficiencies 0.1, 0.2, …, 0.9, rounded like the scores. The full ROC
                curve would read out single test labels, so it is shown once {s.phase.name} has closed
                {s.phase.publicFraction !== null ? " and its private leaderboard is revealed" : ""}.
              </p>
              <RocPlot testId="working-points-plot" curves={[{ label: "this submission", points: workingPoints }]} />
            </>
          )}
          {!s.detailsReleased && s.challenge.scorer === "trackml" && (
            <p className="muted" data-testid="event-scores-held">
              The score of each test event is shown once {s.phase.name} has closed
              {s.phase.publicFraction !== null ? " and its private leaderboard is revealed" : ""}: before that it would
              tell which events are public and read out the truth event by event.
            </p>
          )}
          {events && (
            <details data-testid="event-scores">
              <summary>Score of each of the {events.length} test events</summary>
              <table className="compact">
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>Score</th>
                  </tr>
                </thead>
                <tbody>
                  {events.map((e) => (
                    <tr key={e.eventId}>
                      <td>{e.eventId}</td>
                      <td>{formatMetric(e.score)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          {/* A code phase's events are hidden inputs: there are no public hits to draw them with. */}
          {display && s.phase.kind !== "CODE" && (
            <>
              <h2>Event display</h2>
              <EventDisplay slug={s.challenge.slug} submissionId={s.id} display={display} />
            </>
          )}
          {s.hasDetail && (
            <section>
              <h2>Details from the scoring program</h2>
              {/* The organizer's page runs nothing: an empty sandbox, and the CSP sandbox it is served with. */}
              <iframe
                className="program-detail"
                data-testid="program-detail"
                title="Details from the scoring program"
                sandbox=""
                src={`/api/submissions/${s.id}/detailed`}
              />
            </section>
          )}
          <p>
            <Link href={`/challenges/${s.challenge.slug}/leaderboard`}>See the leaderboard →</Link>
          </p>
        </>
      )}
    </>
  );
}

/** Why a metric is null, under its dash. */
function MetricReason({ reason }: { reason: string | null }) {
  return reason ? <div className="muted metric-reason">{reason}</div> : null;
}
