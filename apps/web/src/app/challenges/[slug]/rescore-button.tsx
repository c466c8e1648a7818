"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/components/providers.tsx";

/** Organizers only: sends every finished submission of a phase back to be scored again. */
export function RescoreButton({ phaseId, phaseName }: { phaseId: string; phaseName: string }) {
  const trpc = useTRPC();
  const rescore = useMutation(trpc.submission.rescorePhase.mutationOptions());
  const ask = () => {
    if (
      window.confirm(
        `Re-score every finished submission of “${phaseName}”? Each is scored again with the current scorer and truth.`,
      )
    )
      rescore.mutate({ phaseId });
  };
  return (
    <p>
      <button type="button" onClick={ask} disabled={rescore.isPending}>
        {rescore.isPending ? "Re-queuing…" : `Re-score ${phaseName}`}
      </button>{" "}
      {rescore.data && <span role="status">{rescore.data.requeued} submission(s) queued for re-scoring.</span>}
      {rescore.error && <span className="error">{rescore.error.message}</span>}
    </p>
  );
}
