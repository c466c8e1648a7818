"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ConfirmByNameForm } from "~/components/confirm-by-name-form.tsx";
import { useTRPC } from "~/components/providers.tsx";

/** Organizers only: revealing needs the phase's name typed in, is audited, and cannot be undone. */
export function RevealForm({ slug, phase, closesAt }: { slug: string; phase: string; closesAt: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const reveal = useMutation(trpc.leaderboard.reveal.mutationOptions({ onSuccess: () => router.refresh() }));
  const open = !closesAt || new Date(closesAt) > new Date();
  return (
    <ConfirmByNameForm
      name={phase}
      label="Reveal the private leaderboard"
      action="Reveal the private leaderboard"
      pendingAction="Revealing…"
      pending={reveal.isPending}
      error={reveal.error?.message}
      onConfirm={(confirm) => reveal.mutate({ slug, phase, confirm })}
    >
      <p>
        Revealing the private leaderboard of <strong>{phase}</strong> shows everyone the scores on the hidden part of the test set. It cannot be undone, and it is recorded in the audit trail under your name.
        {open && " The phase must have closed first."}
      </p>
    </ConfirmByNameForm>
  );
}
