"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

interface Receipt {
  submissionId: string;
  sha256: string;
  receivedAt: string;
  canonical: string;
  status: string;
  postUnblinding: boolean;
}

interface Quantity {
  key: string;
  label: string;
  unit: string;
  required: "always" | "with-signal" | "optional";
}

const legend = (q: Quantity, signal: string) =>
  `${q.label}${q.unit ? ` (${q.unit}` : " ("}${
    q.required === "optional" ? ", optional" : q.required === "with-signal" ? `, required when ${signal} > 0` : ""
  })`
    .replace(" ()", "")
    .replace("(, ", "(");

/** The structured answer (the box's quantities): sent to the session route, with the optional anomaly-score file. */
export function AnswerForm({
  slug,
  box,
  postUnblinding,
  quantities,
  signal,
}: {
  slug: string;
  box: string;
  postUnblinding: boolean;
  quantities: Quantity[];
  signal: string;
}) {
  const router = useRouter();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const answer: Record<string, unknown> = { pValue: text("pValue"), description: text("description") };
    for (const { key: q } of quantities) {
      if (text(`${q}.value`) !== "" || text(`${q}.sigma`) !== "")
        answer[q] = { value: text(`${q}.value`), sigma: text(`${q}.sigma`) };
    }
    const file = form.get("file");
    const body = new FormData();
    body.set("answer", JSON.stringify(answer));
    const hasFile = file instanceof File && file.size > 0;
    if (hasFile) body.set("file", file);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(
        `/api/challenges/${slug}/boxes/${encodeURIComponent(box)}/answers`,
        hasFile
          ? { method: "POST", body }
          : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(answer) },
      );
      const json = await res.json();
      if (!res.ok) throw new Error(json.detail ?? `HTTP ${res.status}`);
      setReceipt(json as Receipt);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="submit-form" onSubmit={submit} aria-label="Answer">
      {postUnblinding && (
        <p className="warning">
          This box is open: a new answer is accepted as <strong>post-unblinding</strong> and marked as such everywhere.
        </p>
      )}
      <label>
        p-value of the background-only hypothesis
        <input name="pValue" inputMode="decimal" required placeholder="e.g. 1e-4" />
      </label>
      {quantities.map((quantity) => {
        const q = quantity.key;
        return (
          <fieldset key={q} className="measured">
            <legend>{legend(quantity, signal)}</legend>
            <input name={`${q}.value`} aria-label={`${q} value`} inputMode="decimal" placeholder="value" />
            ±
            <input name={`${q}.sigma`} aria-label={`${q} sigma`} inputMode="decimal" placeholder="σ" />
          </fieldset>
        );
      })}
      <label>
        Description
        <textarea name="description" rows={3} maxLength={4000} />
      </label>
      <label>
        Per-event anomaly scores (optional, CSV event_index,score)
        <input type="file" name="file" accept=".csv,.gz,text/csv" />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Sealing…" : postUnblinding ? "Submit post-unblinding answer" : "Seal my answer"}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {receipt && (
        <div className="receipt" data-testid="receipt" role="status">
          <strong>{receipt.postUnblinding ? "Post-unblinding answer received" : "Sealed."}</strong> Receipt SHA-256{" "}
          <code>{receipt.sha256}</code>, received {receipt.receivedAt}.
          <details>
            <summary>The canonical answer it commits to</summary>
            <pre>{receipt.canonical}</pre>
          </details>
        </div>
      )}
    </form>
  );
}
