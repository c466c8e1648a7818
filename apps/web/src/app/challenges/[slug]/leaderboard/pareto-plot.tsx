"use client";
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ParetoPoint } from "@unblind/platform/leaderboard/get-leaderboard-plots.ts";

const RESOURCES = [
  { key: "dspPercent", front: "onDspFront", label: "DSP", testId: "pareto-dsp" },
  { key: "lutPercent", front: "onLutFront", label: "LUT", testId: "pareto-lut" },
] as const;

/**
 * Accuracy against DSP and against LUT use of every scored model: the Pareto
 * front of the ranked models joined by a line, the other models within
 * budget, and models over budget (shown, not ranked) as grey crosses.
 */
export function ParetoPlots({ points }: { points: ParetoPoint[] }) {
  return (
    <div className="wide">
      <h2>Accuracy against FPGA resources</h2>
      <p className="muted">
        Each point is a scored model; the line joins the Pareto front of the models within budget (no other ranked model
        is both more accurate and smaller). Grey crosses are over the budget: shown, not ranked. Resources are the
        platform&apos;s estimates as a share of the target device.
      </p>
      <div className="pareto">
        {RESOURCES.map((r) => {
          const xy = (p: ParetoPoint) => ({ x: p[r.key], y: p.accuracy, participant: p.participant });
          const front = points
            .filter((p) => p[r.front])
            .map(xy)
            .sort((a, b) => a.x - b.x);
          return (
            <div key={r.key} className="plot" data-testid={r.testId}>
              <ResponsiveContainer width="100%" height={320}>
                <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis
                    dataKey="x"
                    type="number"
                    name={`${r.label} %`}
                    domain={[0, "auto"]}
                    label={{ value: `${r.label} (% of device)`, position: "bottom", offset: 10 }}
                  />
                  <YAxis
                    dataKey="y"
                    type="number"
                    name="accuracy"
                    domain={["auto", "auto"]}
                    tickFormatter={(v: number) => v.toFixed(3)}
                    label={{ value: "accuracy", angle: -90, position: "insideLeft", offset: -5 }}
                  />
                  <Tooltip
                    formatter={(v, name) => (name === "accuracy" ? Number(v).toFixed(4) : `${Number(v).toFixed(2)} %`)}
                    labelFormatter={() => ""}
                  />
                  <Legend verticalAlign="top" />
                  <Scatter
                    name="within budget"
                    data={points.filter((p) => p.withinBudget && !p[r.front]).map(xy)}
                    fill="#1f5fa8"
                    isAnimationActive={false}
                  />
                  <Scatter
                    name="over budget"
                    data={points.filter((p) => !p.withinBudget && !p[r.front]).map(xy)}
                    fill="#9a9a9a"
                    shape="cross"
                    isAnimationActive={false}
                  />
                  <Scatter
                    name="Pareto front"
                    data={front}
                    fill="#c4451c"
                    line={{ stroke: "#c4451c", strokeWidth: 2 }}
                    lineType="joint"
                    shape="diamond"
                    isAnimationActive={false}
                  />
                </ScatterChart>
              </ResponsiveContainer>
            </div>
          );
        })}
      </div>
    </div>
  );
}
