"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CONSTRAINTS, type FpgaConfig } from "@unblind/scoring/fpga/fpga-config.ts";
import { useTRPC } from "~/components/providers.tsx";

const text = (v: number | undefined) => (v === undefined ? "" : String(v));
/** Empty fields are left out: no constraint. Anything else goes to the server, whose parser names a bad value. */
const number = (s: string) => (s.trim() === "" ? undefined : Number(s));

/** The FPGA track's target device, clock, constraints and figure of merit. */
export function FpgaBudgetForm({ slug, config }: { slug: string; config: FpgaConfig }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [device, setDevice] = useState({
    part: config.device.part,
    dsp: text(config.device.dsp),
    lut: text(config.device.lut),
    ff: text(config.device.ff),
    bram18k: text(config.device.bram18k),
  });
  const [clockNs, setClockNs] = useState(text(config.clockNs));
  const [limits, setLimits] = useState<Record<string, string>>(
    Object.fromEntries(CONSTRAINTS.map(({ key }) => [key, text(config.constraints[key])])),
  );
  const [fom, setFom] = useState(
    config.figureOfMerit.kind === "accuracy"
      ? { kind: "accuracy", weight: "1", resource: "max" }
      : {
          kind: config.figureOfMerit.kind,
          weight: String(config.figureOfMerit.weight),
          resource: config.figureOfMerit.resource,
        },
  );
  const save = useMutation(trpc.challenge.setFpgaBudget.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      className="submit-form"
      aria-label="FPGA budget"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          slug,
          config: {
            device: {
              part: device.part,
              dsp: number(device.dsp),
              lut: number(device.lut),
              ff: number(device.ff),
              bram18k: number(device.bram18k),
            },
            clockNs: number(clockNs),
            constraints: Object.fromEntries(
              CONSTRAINTS.map(({ key }) => [key, number(limits[key])]).filter(([, v]) => v !== undefined),
            ),
            figureOfMerit:
              fom.kind === "accuracy"
                ? { kind: "accuracy" }
                : { kind: fom.kind, weight: number(fom.weight), resource: fom.resource },
          },
        });
      }}
    >
      <fieldset className="submit-form">
        <label>
          Target part
          <input value={device.part} onChange={(e) => setDevice({ ...device, part: e.target.value })} />
        </label>
        {(["dsp", "lut", "ff", "bram18k"] as const).map((k) => (
          <label key={k}>
            {k === "bram18k" ? "BRAM_18K" : k.toUpperCase()} available
            <input
              inputMode="numeric"
              value={device[k]}
              onChange={(e) => setDevice({ ...device, [k]: e.target.value })}
            />
          </label>
        ))}
        <label>
          Clock period, ns
          <input inputMode="decimal" value={clockNs} onChange={(e) => setClockNs(e.target.value)} />
        </label>
        {CONSTRAINTS.map(({ key, what, unit }) => (
          <label key={key}>
            Largest {what}, {unit === "%" ? "% of the device" : unit} (empty: no limit)
            <input
              inputMode="decimal"
              value={limits[key]}
              onChange={(e) => setLimits({ ...limits, [key]: e.target.value })}
              placeholder="no limit"
            />
          </label>
        ))}
        <label>
          Figure of merit
          <select value={fom.kind} onChange={(e) => setFom({ ...fom, kind: e.target.value })}>
            <option value="accuracy">accuracy (ties: lower resource use)</option>
            <option value="accuracy-minus-resource">accuracy − weight × resource share</option>
          </select>
        </label>
        {fom.kind !== "accuracy" && (
          <>
            <label>
              Weight
              <input
                inputMode="decimal"
                value={fom.weight}
                onChange={(e) => setFom({ ...fom, weight: e.target.value })}
              />
            </label>
            <label>
              Resource
              <select value={fom.resource} onChange={(e) => setFom({ ...fom, resource: e.target.value })}>
                {["dsp", "lut", "ff", "bram", "max"].map((r) => (
                  <option key={r} value={r}>
                    {r === "max" ? "the largest share" : r.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <button type="submit" disabled={save.isPending}>
          Save the FPGA budget
        </button>
      </fieldset>
      {save.isSuccess && <p role="status">Saved; {save.data.rescored} submission(s) are being re-scored against it.</p>}
      {save.error && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
