"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

interface PhaseSettings {
  name: string;
  publicFraction: number | null;
  revealAtClose: boolean;
  finalSelections: number;
  scoreDigits: number | null;
  tieConfidence: number;
  bootstrapResamples: number;
  privateRevealedAt: Date | null;
}

/** One phase's leaderboard settings; the secondary metric is the challenge's. */
export function LeaderboardSettingsForm({
  slug,
  phase,
  metrics,
  secondaryMetric,
}: {
  slug: string;
  phase: PhaseSettings;
  metrics: { key: string; label: string }[];
  secondaryMetric: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [publicPercent, setPublicPercent] = useState(
    phase.publicFraction === null ? "" : String(Math.round(phase.publicFraction * 1000) / 10),
  );
  const [revealAtClose, setRevealAtClose] = useState(phase.revealAtClose);
  const [finalSelections, setFinalSelections] = useState(String(phase.finalSelections));
  const [digits, setDigits] = useState(phase.scoreDigits === null ? "" : String(phase.scoreDigits));
  const [confidence, setConfidence] = useState(String(Math.round(phase.tieConfidence * 1000) / 10));
  const [resamples, setResamples] = useState(String(phase.bootstrapResamples));
  const [secondary, setSecondary] = useState(secondaryMetric ?? "");
  const save = useMutation(trpc.leaderboard.settings.mutationOptions({ onSuccess: () => router.refresh() }));
  const frozen = phase.privateRevealedAt !== null;
  return (
    <form
      className="submit-form"
      aria-label={`Leaderboard of ${phase.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          slug,
          phase: phase.name,
          publicFraction: publicPercent.trim() === "" ? null : Number(publicPercent) / 100,
          revealAtClose,
          finalSelections: Number(finalSelections),
          scoreDigits: digits.trim() === "" ? null : Number(digits),
          tieConfidence: Number(confidence) / 100,
          bootstrapResamples: Number(resamples),
          secondaryMetric: secondary || null,
        });
      }}
    >
      <h3>{phase.name}</h3>
      {frozen && <p className="muted">The private leaderboard was revealed; these settings are final.</p>}
      <fieldset disabled={frozen} className="submit-form">
        <label>
          Public share of the test set, % (empty: no public/private split)
          <input
            inputMode="decimal"
            value={publicPercent}
            onChange={(e) => setPublicPercent(e.target.value)}
            placeholder="no split"
          />
        </label>
        <label>
          <span>
            <input type="checkbox" checked={revealAtClose} onChange={(e) => setRevealAtClose(e.target.checked)} />{" "}
            Reveal the private leaderboard by itself when the phase closes
          </span>
        </label>
        <label>
          Final selections per participant
          <input inputMode="numeric" value={finalSelections} onChange={(e) => setFinalSelections(e.target.value)} />
        </label>
        <label>
          Round public scores to decimal places (empty: exact)
          <input inputMode="numeric" value={digits} onChange={(e) => setDigits(e.target.value)} placeholder="exact" />
        </label>
        <label>
          Bootstrap resamples (0: no intervals)
          <input inputMode="numeric" value={resamples} onChange={(e) => setResamples(e.target.value)} />
        </label>
        <label>
          Confidence for statistical ties, %
          <input inputMode="decimal" value={confidence} onChange={(e) => setConfidence(e.target.value)} />
        </label>
        <label>
          Tie-breaking metric (whole challenge)
          <select value={secondary} onChange={(e) => setSecondary(e.target.value)}>
            <option value="">none: the earlier submission</option>
            {metrics.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={save.isPending}>
          Save {phase.name}
        </button>
      </fieldset>
      {save.isSuccess && (
        <p role="status">
          Saved{save.data.rescored ? `; ${save.data.rescored} submission(s) are being re-scored` : ""}.
        </p>
      )}
      {save.error && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
