"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

/** Organizers only: revealing needs the phase's name typed in, is audited, and cannot be undone. */
export function RevealForm({ slug, phase, closesAt }: { slug: string; phase: string; closesAt: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const reveal = useMutation(trpc.leaderboard.reveal.mutationOptions({ onSuccess: () => router.refresh() }));
  const open = !closesAt || new Date(closesAt) > new Date();
  return (
    <form
      className="submit-form danger"
      aria-label="Reveal the private leaderboard"
      onSubmit={(e) => {
        e.preventDefault();
        reveal.mutate({ slug, phase, confirm });
      }}
    >
      <p>
        Revealing the private leaderboard of <strong>{phase}</strong> shows everyone the scores on the hidden part of the test set. It cannot be undone, and it is recorded in the audit trail under your name.
        {open && " The phase must have closed first."}
      </p>
      <label>
        Type <code>{phase}</code> to confirm
        <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" disabled={confirm !== phase || reveal.isPending}>
        {reveal.isPending ? "Revealing…" : "Reveal the private leaderboard"}
      </button>
      {reveal.error && (
        <p className="error" role="alert">
          {reveal.error.message}
        </p>
      )}
    </form>
  );
}
