"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ConfirmByNameForm } from "~/components/confirm-by-name-form.tsx";
import { useTRPC } from "~/components/providers.tsx";

/** Organizers only: opening needs the box's exact name typed in, and cannot be undone. */
export function OpenBoxForm({ slug, box, sealedAnswers }: { slug: string; box: string; sealedAnswers: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const open = useMutation(trpc.box.open.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <ConfirmByNameForm
      name={box}
      label="Open the box"
      action={`Open ${box}`}
      pendingAction="Opening…"
      pending={open.isPending}
      error={open.error?.message}
      onConfirm={(confirm) => open.mutate({ slug, box, confirm })}
    >
      <p>
        Opening <strong>{box}</strong> locks its answers now, reveals the answer key to everyone, and judges the{" "}
        {sealedAnswers} locked answer(s). It cannot be undone, and it is recorded in the audit trail under your name.
      </p>
    </ConfirmByNameForm>
  );
}
