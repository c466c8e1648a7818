"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ConfirmByNameForm } from "~/components/confirm-by-name-form.tsx";
import { useTRPC } from "~/components/providers.tsx";

/**
 * Organizers only: revealing needs the phase's name typed in, is audited, and
 * cannot be undone. Whether the caller organizes is asked from the browser, so
 * that the page around it is the same for everyone.
 */
export function RevealForm({
  slug,
  phase,
  closesAt,
  signedIn,
}: {
  slug: string;
  phase: string;
  closesAt: string | null;
  signedIn: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const rights = useQuery(trpc.leaderboard.rights.queryOptions({ slug, phase }, { enabled: signedIn }));
  const reveal = useMutation(trpc.leaderboard.reveal.mutationOptions({ onSuccess: () => router.refresh() }));
  if (!rights.data?.organizer) return null;
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
        Revealing the private leaderboard of <strong>{phase}</strong> shows everyone the scores on the hidden part of
        the test set. It cannot be undone, and it is recorded in the audit trail under your name.
        {open && " The phase must have closed first."}
      </p>
    </ConfirmByNameForm>
  );
}
