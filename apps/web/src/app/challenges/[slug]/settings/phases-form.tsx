"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

interface Phase {
  name: string;
  kind: string;
  opensAt: Date;
  closesAt: Date | null;
  maxPerDay: number;
  maxFileBytes: number;
}

const MiB = 1024 * 1024;

/** One phase's dates (ISO 8601, UTC) and limits; saved together, audited with what changed. */
export function PhaseForm({ slug, phase }: { slug: string; phase: Phase }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [opens, setOpens] = useState(phase.opensAt.toISOString());
  const [closes, setCloses] = useState(phase.closesAt?.toISOString() ?? "");
  const [perDay, setPerDay] = useState(String(phase.maxPerDay));
  const [fileMiB, setFileMiB] = useState(String(Math.round((phase.maxFileBytes / MiB) * 100) / 100));
  const save = useMutation(trpc.challenge.setPhaseSchedule.mutationOptions({ onSuccess: () => router.refresh() }));
  const id = phase.name.replace(/\W+/g, "-");
  return (
    <form
      aria-label={`phase ${phase.name}`}
      data-testid={`phase-form-${id}`}
      className="phase-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          slug,
          phase: phase.name,
          opensAt: new Date(opens),
          closesAt: closes.trim() ? new Date(closes) : null,
          maxPerDay: Number(perDay),
          maxFileBytes: Math.round(Number(fileMiB) * MiB),
        });
      }}
    >
      <fieldset>
        <legend>
          {phase.name} {phase.kind === "BLACK_BOX" ? "(black box)" : ""}
        </legend>
        <label>
          Opens (UTC) <input aria-label="opens" value={opens} onChange={(e) => setOpens(e.target.value)} size={26} />
        </label>{" "}
        <label>
          Closes (UTC; empty: never){" "}
          <input aria-label="closes" value={closes} onChange={(e) => setCloses(e.target.value)} size={26} />
        </label>{" "}
        <label>
          Per day{" "}
          <input
            aria-label="per day"
            type="number"
            min={1}
            max={1000}
            value={perDay}
            onChange={(e) => setPerDay(e.target.value)}
          />
        </label>{" "}
        <label>
          File size (MiB){" "}
          <input
            aria-label="file size"
            type="number"
            min={0.01}
            step="any"
            value={fileMiB}
            onChange={(e) => setFileMiB(e.target.value)}
          />
        </label>{" "}
        <button type="submit" disabled={save.isPending}>
          Save {phase.name}
        </button>
        {save.error && (
          <p className="error" data-testid="phase-error">
            {save.error.message}
          </p>
        )}
        {save.isSuccess && <p data-testid="phase-saved">Saved.</p>}
      </fieldset>
    </form>
  );
}
