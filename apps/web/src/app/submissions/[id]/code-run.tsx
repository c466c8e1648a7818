// A code submission's runs as the platform measured them: the outcome of
// the run on the public sample inputs with its log, and of the run on the
// hidden inputs with its time and memory (its log is the organizers' only).
const OUTCOME: Record<string, string> = {
  ok: "finished",
  "time-limit": "time limit",
  "memory-limit": "memory limit",
  "output-limit": "output limit",
  "process-limit": "process limit",
  "no-program": "no usable program",
  exception: "exception",
  "invalid-output": "invalid output",
  "missing-output": "missing output",
};

interface RunReport {
  sample?: { outcome: string; reason?: string; log: string; wallSeconds?: number };
  hidden?: {
    outcome: string;
    wallSeconds?: number;
    cpuSeconds?: number;
    peakMemoryMB?: number;
    units?: number;
    limits: { wallSeconds: number; cpuSeconds: number; memoryMB: number };
  };
}

const seconds = (s: number | undefined) => (s === undefined ? "—" : `${s.toFixed(2)} s`);

export function CodeRun({ run, organizerLog }: { run: unknown; organizerLog?: string | null }) {
  const r = run as RunReport | null;
  if (!r || typeof r !== "object") return null;
  return (
    <section data-testid="code-run">
      <h2>Runs of your program</h2>
      <table className="compact">
        <thead>
          <tr>
            <th>Inputs</th>
            <th>Outcome</th>
            <th>Wall time</th>
            <th>CPU time</th>
            <th>Peak memory</th>
            <th>Units</th>
          </tr>
        </thead>
        <tbody>
          {r.sample && (
            <tr data-testid="run-sample">
              <td>sample (public)</td>
              <td>{OUTCOME[r.sample.outcome] ?? r.sample.outcome}</td>
              <td>{seconds(r.sample.wallSeconds)}</td>
              <td>—</td>
              <td>—</td>
              <td>—</td>
            </tr>
          )}
          {r.hidden && (
            <tr data-testid="run-hidden">
              <td>hidden</td>
              <td>{OUTCOME[r.hidden.outcome] ?? r.hidden.outcome}</td>
              <td>{seconds(r.hidden.wallSeconds)}</td>
              <td>{seconds(r.hidden.cpuSeconds)}</td>
              <td>{r.hidden.peakMemoryMB === undefined ? "—" : `${Math.round(r.hidden.peakMemoryMB)} MB`}</td>
              <td>{r.hidden.units || "—"}</td>
            </tr>
          )}
        </tbody>
      </table>
      {r.hidden && (
        <p className="muted">
          Measured by the platform on one core, outside your program: limits {r.hidden.limits.wallSeconds} s wall,{" "}
          {r.hidden.limits.cpuSeconds} s CPU, {r.hidden.limits.memoryMB} MB. The time per unit on the board is the whole
          run (start-up included) divided by the units.
        </p>
      )}
      {r.sample?.log ? (
        <details open={r.sample.outcome !== "ok"}>
          <summary>Log of the run on the sample inputs</summary>
          <pre className="run-log" data-testid="sample-log">
            {r.sample.log}
          </pre>
        </details>
      ) : null}
      {organizerLog ? (
        <details className="organizer-details">
          <summary>Log of the run on the hidden inputs (organizers only)</summary>
          <pre className="run-log" data-testid="hidden-log">
            {organizerLog}
          </pre>
        </details>
      ) : (
        <p className="muted">The log of the run on the hidden inputs is shown to the organizers only.</p>
      )}
    </section>
  );
}
