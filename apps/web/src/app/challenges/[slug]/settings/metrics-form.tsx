"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

interface Metric {
  key: string;
  label: string;
  format: "fixed4" | "int" | "percent";
  higherIsBetter: boolean;
}

/** The metric columns: label, number format and order (which metrics, and their directions, are the scoring's). */
export function MetricsForm({ slug, metrics: initial }: { slug: string; metrics: Metric[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [metrics, setMetrics] = useState(initial);
  const save = useMutation(trpc.challenge.setMetricDisplay.mutationOptions({ onSuccess: () => router.refresh() }));
  const edit = (i: number, change: Partial<Metric>) =>
    setMetrics((ms) => ms.map((m, k) => (k === i ? { ...m, ...change } : m)));
  const move = (i: number, by: number) =>
    setMetrics((ms) => {
      const next = [...ms];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  return (
    <form
      aria-label="metrics"
      data-testid="metrics-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ slug, metrics: metrics.map(({ key, label, format }) => ({ key, label, format })) });
      }}
    >
      <table className="scores">
        <thead>
          <tr>
            <th>Key</th>
            <th>Label</th>
            <th>Format</th>
            <th>Better</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {metrics.map((m, i) => (
            <tr key={m.key}>
              <td>
                <code>{m.key}</code>
              </td>
              <td>
                <input
                  aria-label={`label ${m.key}`}
                  value={m.label}
                  onChange={(e) => edit(i, { label: e.target.value })}
                />
              </td>
              <td>
                <select
                  aria-label={`format ${m.key}`}
                  value={m.format}
                  onChange={(e) => edit(i, { format: e.target.value as Metric["format"] })}
                >
                  <option value="fixed4">0.1234</option>
                  <option value="int">integer</option>
                  <option value="percent">percent</option>
                </select>
              </td>
              <td>{m.higherIsBetter ? "higher" : "lower"}</td>
              <td>
                <button type="button" disabled={i === 0} onClick={() => move(i, -1)}>
                  Up
                </button>{" "}
                <button type="button" disabled={i === metrics.length - 1} onClick={() => move(i, 1)}>
                  Down
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="submit" disabled={save.isPending}>
          Save metrics
        </button>
      </p>
      {save.error && (
        <p className="error" data-testid="metrics-error">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && <p data-testid="metrics-saved">Saved; the leaderboard shows them.</p>}
    </form>
  );
}
