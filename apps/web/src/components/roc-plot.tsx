"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface RocPoint {
  signalEfficiency: number;
  /** Null where the test set cannot measure it (a working point with too few background events). */
  backgroundEfficiency: number | null;
}

export interface RocCurveLine {
  label: string;
  points: RocPoint[];
}

/** "rejection": the landscape paper's convention; "roc": the standard ROC (εB against εS, both linear). */
export type RocView = "rejection" | "roc";

const COLOURS = [
  "#1f5fa8",
  "#c4451c",
  "#2a8a3e",
  "#8a3ea8",
  "#b8860b",
  "#107a8a",
  "#a8326e",
  "#4d4d4d",
  "#6b8e23",
  "#d2691e",
];

/**
 * ROC curves overlaid. In the physicists' view, signal efficiency εS on x and
 * background rejection 1/εB on a logarithmic y axis, with a tick at every
 * power of ten; points with εB = 0 (infinite rejection) cannot be drawn on a
 * log axis and are left out. In the standard view, εS against εB.
 */
export function RocPlot({
  curves,
  view = "rejection",
  height = 360,
  testId = "roc-plot",
}: {
  curves: RocCurveLine[];
  view?: RocView;
  height?: number;
  testId?: string;
}) {
  const lines = curves.map((c) => ({
    label: c.label,
    data:
      view === "rejection"
        ? c.points.flatMap((p) =>
            p.backgroundEfficiency !== null && p.backgroundEfficiency > 0 && p.signalEfficiency > 0
              ? [{ x: p.signalEfficiency, y: 1 / p.backgroundEfficiency }]
              : [],
          )
        : c.points.flatMap((p) =>
            p.backgroundEfficiency === null ? [] : [{ x: p.backgroundEfficiency, y: p.signalEfficiency }],
          ),
  }));
  if (!lines.some((l) => l.data.length >= 2))
    return <p className="muted">Not enough points with εB &gt; 0 to draw the ROC curve.</p>;
  const maxY = Math.max(...lines.flatMap((l) => l.data.map((d) => d.y)));
  const decades = Math.max(1, Math.ceil(Math.log10(maxY)));
  return (
    <div data-testid={testId} data-view={view} className="plot">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 1]}
            tickCount={6}
            allowDuplicatedCategory={false}
            label={{
              value: view === "rejection" ? "Signal efficiency εS" : "Background efficiency εB",
              position: "bottom",
              offset: 10,
            }}
          />
          {view === "rejection" ? (
            <YAxis
              dataKey="y"
              type="number"
              scale="log"
              domain={[1, 10 ** decades]}
              allowDataOverflow
              ticks={Array.from({ length: decades + 1 }, (_, i) => 10 ** i)}
              label={{ value: "Background rejection 1/εB", angle: -90, position: "insideLeft", offset: -5 }}
            />
          ) : (
            <YAxis
              dataKey="y"
              type="number"
              domain={[0, 1]}
              tickCount={6}
              label={{ value: "Signal efficiency εS", angle: -90, position: "insideLeft", offset: -5 }}
            />
          )}
          <Tooltip
            formatter={(v) => Number(v).toFixed(view === "rejection" ? 1 : 3)}
            labelFormatter={(x) => `${view === "rejection" ? "εS" : "εB"} = ${Number(x).toFixed(3)}`}
          />
          {lines.length > 1 && <Legend verticalAlign="top" height={lines.length > 10 ? 60 : 30} />}
          {lines.map((l, i) => (
            <Line
              key={l.label}
              data={l.data}
              name={l.label}
              type="linear"
              dataKey="y"
              dot={l.data.length <= 20}
              stroke={COLOURS[i % COLOURS.length]}
              strokeWidth={i < 3 ? 2 : 1}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
