// The FPGA track's scores on a submission page: budget verdict, estimated and
// self-reported resources side by side, the per-layer estimate, and the
// one-vs-rest AUC of each class.
import type { FpgaStoredScores } from "@unblind/platform/scorers/registry.ts";

const fmt = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined
    ? "–"
    : v.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${v.toFixed(2)} %`);

export function FpgaResources({ scores }: { scores: FpgaStoredScores }) {
  const fpga = scores.fpga;
  const e = fpga.estimate;
  const r = fpga.reported;
  const ru = fpga.reportedUtilisation;
  const u = scores;
  const rows: [label: string, estimated: string, estimatedShare: string, reported: string, reportedShare: string][] = [
    ["DSP", fmt(e.dsp), pct(u.dspPercent), fmt(r?.dsp), pct(ru?.dspPercent)],
    ["LUT", fmt(e.lut), pct(u.lutPercent), fmt(r?.lut), pct(ru?.lutPercent)],
    ["FF", fmt(e.ff), pct(u.ffPercent), fmt(r?.ff), pct(ru?.ffPercent)],
    ["BRAM_18K", fmt(e.bram18k), pct(u.bramPercent), fmt(r?.bram18k), pct(ru?.bramPercent)],
    ["URAM", "–", "", fmt(r?.uram), ""],
    ["Latency (cycles)", fmt(e.latencyCycles), "", r ? `${fmt(r.bestLatency)} – ${fmt(r.worstLatency)}` : "–", ""],
    ["Latency (ns)", fmt(e.latencyNs, 1), "", fmt(ru?.latencyNs, 1), ""],
    [
      "Initiation interval (cycles)",
      fmt(e.intervalCycles),
      "",
      r ? `${fmt(r.intervalMin)} – ${fmt(r.intervalMax)}` : "–",
      "",
    ],
    ["BOPs", fmt(e.bops), "", "–", ""],
  ];
  const classes = ["G", "Q", "T", "W", "Z"].flatMap((c) => {
    const auc = scores[`auc${c}`];
    return typeof auc === "number" ? [{ name: c === "G" || c === "Q" || c === "T" ? c.toLowerCase() : c, auc }] : [];
  });
  return (
    <section data-testid="fpga-resources">
      <h2>FPGA resources</h2>
      {fpga.violations.length === 0 ? (
        <p data-testid="fpga-verdict" className="status-line scored">
          Within the budget on {fpga.device.part} at {Math.round(1000 / fpga.clockNs)} MHz: ranked.
        </p>
      ) : (
        <p data-testid="fpga-verdict" className="error">
          Over the budget, so shown but not ranked: {fpga.violations.join("; ")}.
        </p>
      )}
      <table className="compact" data-testid="fpga-table">
        <thead>
          <tr>
            <th />
            <th>Estimated</th>
            <th>of {fpga.device.part}</th>
            <th>Reported{r ? ` (${r.format}, self-reported)` : ""}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, ...cells]) => (
            <tr key={label} data-testid={`fpga-${label}`}>
              <th>{label}</th>
              {cells.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed row of cells, never reordered
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Estimated by the platform from the model ({fpga.quantisation}); formulas and their calibration against published
        hls4ml syntheses in docs/fpga-resource-model.md.{" "}
        {r
          ? "The reported column is the participant's own synthesis report: not checked, never used to rank."
          : "No synthesis report was submitted."}
      </p>
      {classes.length > 0 && (
        <p data-testid="fpga-aucs">
          One-vs-rest ROC AUC: {classes.map((c) => `${c.name} ${c.auc.toFixed(4)}`).join(" · ")}
        </p>
      )}
      <details>
        <summary>Estimate per layer</summary>
        <table className="compact" data-testid="fpga-layers">
          <thead>
            <tr>
              <th>Layer</th>
              <th>Type</th>
              <th>Mult.</th>
              <th>Non-zero</th>
              <th>R</th>
              <th>DSP</th>
              <th>LUT</th>
              <th>FF</th>
              <th>BRAM_18K</th>
              <th>Cycles</th>
            </tr>
          </thead>
          <tbody>
            {e.layers.map((l) => (
              <tr key={l.name}>
                <td>{l.name}</td>
                <td>{l.type}</td>
                <td>{fmt(l.multiplications)}</td>
                <td>{fmt(l.nonZero)}</td>
                <td>{l.reuseFactor}</td>
                <td>{fmt(l.dsp)}</td>
                <td>{fmt(l.lut)}</td>
                <td>{fmt(l.ff)}</td>
                <td>{fmt(l.bram18k)}</td>
                <td>{l.latencyCycles}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
