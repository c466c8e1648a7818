// The metrics of a code phase's run, added to the scorer's output: time and
// memory as the platform measured them (sandbox/measure.py), per unit of the
// test set (an event, a jet: the units the scorer scored), and for a TrackML
// throughput phase the throughput score of each side (public, private) and
// of each bootstrap replicate of the accuracy score.
import { trackmlThroughput } from "../metrics/trackml-throughput.ts";

export interface MeasuredRun {
  wallSeconds: number;
  cpuSeconds: number;
  peakMemoryMB: number;
  /** Test units the program predicted (events, jets), counted by the platform. */
  units: number;
}

type Side = Record<string, unknown> & { replicates?: Record<string, string>; private?: Side };

export function addRunMetrics(output: Side, run: MeasuredRun, throughput?: "trackml"): Side {
  const wallSecondsPerUnit = run.wallSeconds / run.units;
  const measured = {
    wallSecondsPerUnit,
    cpuSecondsPerUnit: run.cpuSeconds / run.units,
    peakMemoryMB: run.peakMemoryMB,
  };
  const side = (s: Side): Side => {
    const out: Side = { ...s, ...measured };
    if (throughput === "trackml") {
      out.throughput = trackmlThroughput(typeof s.score === "number" ? s.score : null, wallSecondsPerUnit);
      const replicates = s.replicates?.score;
      if (replicates) out.replicates = { ...s.replicates, throughput: mapReplicates(replicates, wallSecondsPerUnit) };
    }
    return out;
  };
  const result = side(output);
  if (output.private) result.private = side(output.private);
  return result;
}

/** Score replicates (float64 little-endian, base64) turned into throughput replicates at the same time per event. */
function mapReplicates(base64: string, secondsPerEvent: number): string {
  const bytes = Buffer.from(base64, "base64");
  const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const out = values.map((s) => trackmlThroughput(Number.isNaN(s) ? null : s, secondsPerEvent) ?? Number.NaN);
  return Buffer.from(out.buffer).toString("base64");
}
