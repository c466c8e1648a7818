"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

/** Organizers only: opening needs the box's exact name typed in, and cannot be undone. */
export function OpenBoxForm({ slug, box, sealedAnswers }: { slug: string; box: string; sealedAnswers: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const open = useMutation(trpc.box.open.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      className="submit-form danger"
      aria-label="Open the box"
      onSubmit={(e) => {
        e.preventDefault();
        open.mutate({ slug, box, confirm });
      }}
    >
      <p>
        Opening <strong>{box}</strong> locks its answers now, reveals the answer key to everyone, and judges the {sealedAnswers} locked answer(s). It cannot be undone, and it is recorded in the audit trail under your name.
      </p>
      <label>
        Type <code>{box}</code> to confirm
        <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" disabled={confirm !== box || open.isPending}>
        {open.isPending ? "Opening…" : `Open ${box}`}
      </button>
      {open.error && <p className="error" role="alert">{open.error.message}</p>}
    </form>
  );
}
