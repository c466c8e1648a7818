"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { RocPlot, type RocView } from "~/components/roc-plot.tsx";
import { useTRPC } from "~/components/providers.tsx";
import { ParetoPlots } from "./pareto-plot.tsx";

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");

/**
 * The leaderboard's plots, from data the server prepares (get-leaderboard-plots.ts):
 * the FPGA track's accuracy-against-resources plots, ROC curves of the top
 * entries (when the challenge has them), the best score over time, and the
 * signed-in participant's own history.
 */
export function LeaderboardPlots({
  slug,
  phase,
  board,
  signedIn,
  metricLabel,
  historyLabel,
}: {
  slug: string;
  phase: string;
  board: "public" | "private";
  signedIn: boolean;
  metricLabel: string;
  /** What the own-history plot shows (the mean across tasks on a board ranked by average rank). */
  historyLabel: string;
}) {
  const trpc = useTRPC();
  const [top, setTop] = useState(10);
  const [view, setView] = useState<RocView>("rejection");
  const { data, error } = useQuery(
    trpc.leaderboard.plots.queryOptions({ slug, phase, board, top }, { placeholderData: (previous) => previous }),
  );
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="muted">Loading plots…</p>;
  const progression = data.progression
    .filter((p) => p.value !== null)
    .map((p) => ({ t: Date.parse(p.t), value: p.value, participant: p.participant }));
  const history = data.history.map((h) => ({
    t: Date.parse(h.t),
    value: h.value,
    privateValue: h.privateValue ?? null,
    selected: h.selected,
  }));
  return (
    <section className="plots">
      {data.pareto.length > 0 && <ParetoPlots points={data.pareto} />}
      {data.curves.length > 0 && (
        <div>
          <h2>
            {data.curveKind === "full" ? "ROC curves" : "ROC at fixed working points"} of the top {data.curves.length}
          </h2>
          {data.curveKind === "workingPoints" && (
            <p className="muted" data-testid="working-points-note">
              Background efficiency at signal efficiencies 0.1, 0.2, …, 0.9, rounded like the scores: full curves would
              read out single test labels, so they are drawn once the results are released.
            </p>
          )}
          <div className="plot-controls">
            <label>
              Entries{" "}
              <select value={top} onChange={(e) => setTop(Number(e.target.value))} aria-label="Entries to overlay">
                {[5, 10, 25, 50].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <fieldset className="inline-group" aria-label="ROC view">
              <button type="button" aria-pressed={view === "rejection"} onClick={() => setView("rejection")}>
                1/εB (log) vs εS
              </button>{" "}
              <button type="button" aria-pressed={view === "roc"} onClick={() => setView("roc")}>
                Standard ROC
              </button>
            </fieldset>
          </div>
          <RocPlot
            testId="roc-overlay"
            view={view}
            curves={data.curves.map((c) => ({ label: `${c.rank}. ${c.participant}`, points: c.points }))}
          />
        </div>
      )}
      <div>
        <h2>Best {metricLabel} over time</h2>
        {progression.length === 0 ? (
          <p className="muted">No scores yet.</p>
        ) : (
          <div className="plot" data-testid="best-over-time">
            <ResponsiveContainer width="100%" height={300}>
              <LineChart data={progression} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={["dataMin", "dataMax"]}
                  tickFormatter={day}
                  label={{ value: "Submitted", position: "bottom", offset: 10 }}
                />
                <YAxis
                  dataKey="value"
                  type="number"
                  domain={["auto", "auto"]}
                  label={{ value: metricLabel, angle: -90, position: "insideLeft", offset: -5 }}
                />
                <Tooltip
                  labelFormatter={(t) => when(Number(t))}
                  formatter={(v, _n, item) => [
                    `${Number(v).toFixed(4)} (${(item.payload as { participant: string }).participant})`,
                    "best",
                  ]}
                />
                <Line type="stepAfter" dataKey="value" stroke="#1f5fa8" strokeWidth={2} dot isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </div>
      {signedIn && (
        <div>
          <h2>My submissions</h2>
          {history.length === 0 ? (
            <p className="muted">You have no scored submission in {phase} yet.</p>
          ) : (
            <div className="plot" data-testid="own-history">
              <ResponsiveContainer width="100%" height={300}>
                <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis
                    dataKey="t"
                    type="number"
                    scale="time"
                    domain={["dataMin", "dataMax"]}
                    tickFormatter={day}
                    name="Submitted"
                  />
                  <YAxis
                    dataKey="y"
                    type="number"
                    domain={["auto", "auto"]}
                    name={historyLabel}
                    label={{ value: historyLabel, angle: -90, position: "insideLeft", offset: -5 }}
                  />
                  <Tooltip
                    labelFormatter={() => ""}
                    formatter={(v, name) => (name === "Submitted" ? when(Number(v)) : Number(v).toFixed(4))}
                  />
                  <Legend verticalAlign="top" />
                  <Scatter
                    name={board === "private" ? "public score" : "score"}
                    data={history.filter((h) => !h.selected && h.value !== null).map((h) => ({ t: h.t, y: h.value }))}
                    fill="#1f5fa8"
                    isAnimationActive={false}
                  />
                  <Scatter
                    name="selected for the final ranking"
                    data={history.filter((h) => h.selected && h.value !== null).map((h) => ({ t: h.t, y: h.value }))}
                    fill="#c4451c"
                    shape="diamond"
                    isAnimationActive={false}
                  />
                  {history.some((h) => h.privateValue !== null) && (
                    <Scatter
                      name="private score"
                      data={history.filter((h) => h.privateValue !== null).map((h) => ({ t: h.t, y: h.privateValue }))}
                      fill="#2a8a3e"
                      shape="triangle"
                      isAnimationActive={false}
                    />
                  )}
                </ScatterChart>
              </ResponsiveContainer>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
