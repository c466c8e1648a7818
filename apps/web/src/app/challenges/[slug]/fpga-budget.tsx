import { CONSTRAINTS, parseFpgaConfig } from "@unblind/scoring/fpga/fpga-config.ts";

const capitalised = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The FPGA track's target device, clock and budget, as the scorer applies them. */
export function FpgaBudget({ config }: { config: unknown }) {
  let parsed: ReturnType<typeof parseFpgaConfig>;
  try {
    parsed = parseFpgaConfig(config);
  } catch (error) {
    return <p className="muted">The FPGA budget is misconfigured: {(error as Error).message}</p>;
  }
  const { device, clockNs, constraints, figureOfMerit } = parsed;
  const limits = CONSTRAINTS.filter(({ key }) => constraints[key] !== undefined);
  return (
    <div data-testid="fpga-budget">
      <h2>FPGA budget</h2>
      <p>
        Target <strong>{device.part}</strong> at {Math.round(1000 / clockNs)} MHz ({clockNs} ns):{" "}
        {device.dsp.toLocaleString("en")} DSP, {device.lut.toLocaleString("en")} LUT, {device.ff.toLocaleString("en")}{" "}
        FF, {device.bram18k.toLocaleString("en")} BRAM_18K.
      </p>
      {limits.length > 0 ? (
        <ul>
          {limits.map(({ key, what, unit }) => (
            <li key={key}>
              {capitalised(what)} ≤ {constraints[key]} {unit}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No latency or resource constraint.</p>
      )}
      <p className="muted">
        Ranked by{" "}
        {figureOfMerit.kind === "accuracy"
          ? "accuracy"
          : `accuracy − ${figureOfMerit.weight} × ${figureOfMerit.resource.toUpperCase()} share`}{" "}
        among the models within budget; ties go to the lower resource use.
      </p>
    </div>
  );
}
