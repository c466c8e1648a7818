"use client";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface RocPoint {
  signalEfficiency: number;
  backgroundEfficiency: number;
}

/**
 * The ROC curve as physicists plot it: signal efficiency εS on x, background
 * rejection 1/εB on a logarithmic y axis. Points with εB = 0 (infinite
 * rejection) cannot be drawn on a log axis and are left out.
 */
export function RocPlot({ points }: { points: RocPoint[] }) {
  const data = points
    .filter((p) => p.backgroundEfficiency > 0 && p.signalEfficiency > 0)
    .map((p) => ({ x: p.signalEfficiency, y: 1 / p.backgroundEfficiency }));
  if (data.length < 2) return <p className="muted">Not enough points with εB &gt; 0 to draw the ROC curve.</p>;
  const maxY = Math.max(...data.map((d) => d.y));
  const top = 10 ** Math.ceil(Math.log10(maxY));
  return (
    <div data-testid="roc-plot" className="plot">
      <ResponsiveContainer width="100%" height={360}>
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 30, left: 20 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={[0, 1]} tickCount={6} label={{ value: "Signal efficiency εS", position: "bottom", offset: 10 }} />
          <YAxis
            dataKey="y"
            type="number"
            scale="log"
            domain={[1, top]}
            allowDataOverflow
            ticks={Array.from({ length: Math.log10(top) + 1 }, (_, i) => 10 ** i)}
            label={{ value: "Background rejection 1/εB", angle: -90, position: "insideLeft", offset: -5 }}
          />
          <Tooltip formatter={(v) => Number(v).toFixed(2)} labelFormatter={(x) => `εS = ${Number(x).toFixed(3)}`} />
          <Line type="linear" dataKey="y" dot={false} stroke="#1f5fa8" strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
