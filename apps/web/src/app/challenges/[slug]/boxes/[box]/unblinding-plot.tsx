"use client";
import {
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface PlotRow {
  participant: string;
  value: number;
  sigma: number;
  postUnblinding: boolean;
}

/**
 * One row per answer: the answered value with its ±1σ error bar, and the true
 * value as a vertical line, as in the LHC Olympics unblinding figure.
 * Post-unblinding answers are drawn hollow and grey.
 */
export function UnblindingPlot({
  rows,
  truth,
  label,
  testId,
}: {
  rows: PlotRow[];
  truth: number | null;
  label: string;
  testId: string;
}) {
  if (rows.length === 0) return null;
  const data = rows.map((r, i) => ({
    x: r.value,
    y: rows.length - i,
    err: r.sigma,
    name: r.participant,
    post: r.postUnblinding,
  }));
  const xs = data.flatMap((d) => [d.x - d.err, d.x + d.err]).concat(truth === null ? [] : [truth]);
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  return (
    <div className="plot" data-testid={testId}>
      <ResponsiveContainer width="100%" height={60 + 34 * rows.length}>
        <ScatterChart margin={{ top: 10, right: 30, bottom: 30, left: 100 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[lo - pad, hi + pad]}
            tickFormatter={(v) => Number(v).toPrecision(4)}
            label={{ value: label, position: "bottom", offset: 10 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[0, rows.length + 1]}
            ticks={data.map((d) => d.y)}
            tickFormatter={(y) => data.find((d) => d.y === y)?.name ?? ""}
            width={90}
          />
          <Tooltip formatter={(v, name) => (name === "x" ? Number(v).toPrecision(5) : v)} />
          {truth !== null && (
            <ReferenceLine
              x={truth}
              stroke="#b3261e"
              strokeWidth={2}
              label={{ value: `truth ${truth}`, position: "top" }}
            />
          )}
          <Scatter data={data.filter((d) => !d.post)} fill="#1f5fa8" isAnimationActive={false}>
            <ErrorBar dataKey="err" direction="x" width={6} stroke="#1f5fa8" />
          </Scatter>
          <Scatter data={data.filter((d) => d.post)} fill="#ffffff" stroke="#888" isAnimationActive={false}>
            <ErrorBar dataKey="err" direction="x" width={6} stroke="#888" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
