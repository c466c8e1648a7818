"use client";
import { useState, type ReactNode } from "react";

/**
 * A form for an action that cannot be undone (opening a black box, revealing
 * a private leaderboard): the button only works once `name` is typed exactly.
 */
export function ConfirmByNameForm({
  name,
  label,
  action,
  pendingAction,
  pending,
  error,
  onConfirm,
  children,
}: {
  name: string;
  label: string;
  action: string;
  pendingAction: string;
  pending: boolean;
  error: string | undefined;
  onConfirm: (typed: string) => void;
  children: ReactNode;
}) {
  const [confirm, setConfirm] = useState("");
  return (
    <form
      className="submit-form danger"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(confirm);
      }}
    >
      {children}
      <label>
        Type <code>{name}</code> to confirm
        <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" disabled={confirm !== name || pending}>
        {pending ? pendingAction : action}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
