"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatBytes } from "~/components/format.ts";

type State = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "error"; message: string };

/** Uploads with XMLHttpRequest, whose upload progress events drive the bar. */
export function SubmitForm({
  slug,
  format,
  leftToday,
  maxBytes,
  accept,
  phase,
}: {
  slug: string;
  format: string;
  leftToday: number;
  maxBytes: number;
  accept: string;
  /** A phase by name (a code phase); by default the open standard phase. */
  phase?: string;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });
  const router = useRouter();
  const queryClient = useQueryClient();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) return;
    if (file.size > maxBytes) {
      setState({
        kind: "error",
        message: `The file is ${formatBytes(file.size)}, above the limit of ${formatBytes(maxBytes)}.`,
      });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/challenges/${encodeURIComponent(slug)}/submissions`);
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.setRequestHeader("x-description", encodeURIComponent(description));
    if (phase) xhr.setRequestHeader("x-phase", encodeURIComponent(phase));
    xhr.upload.onprogress = (e) =>
      e.lengthComputable && setState({ kind: "uploading", percent: Math.round((100 * e.loaded) / e.total) });
    xhr.onerror = () =>
      setState({
        kind: "error",
        message: "The upload failed: the connection was lost. Nothing was stored; try again.",
      });
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText);
        } catch {
          return {};
        }
      })();
      if (xhr.status === 202) {
        void queryClient.invalidateQueries();
        router.push(`/submissions/${body.id}`);
      } else {
        setState({ kind: "error", message: body.detail ?? `The upload was refused (HTTP ${xhr.status}).` });
      }
    };
    setState({ kind: "uploading", percent: 0 });
    xhr.send(file);
  }

  return (
    <form onSubmit={submit} className="submit-form">
      <p className="muted">{format}</p>
      <p>
        Submissions left today: <strong data-testid="left-today">{leftToday}</strong>
      </p>
      <label>
        File <input type="file" name="file" accept={accept} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label>
        Description{" "}
        <input
          type="text"
          value={description}
          maxLength={500}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="optional"
        />
      </label>
      <button type="submit" disabled={!file || state.kind === "uploading" || leftToday <= 0}>
        Submit
      </button>
      {state.kind === "uploading" && (
        <progress max={100} value={state.percent} aria-label="Upload progress">
          {state.percent}%
        </progress>
      )}
      {state.kind === "error" && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
