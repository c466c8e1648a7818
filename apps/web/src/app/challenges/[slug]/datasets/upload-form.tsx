"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatBytes } from "~/components/format.ts";
import { useTRPCClient } from "~/components/providers.tsx";
import { ConnectionLost, uploadResumable, type Progress } from "./resumable-upload.ts";

type Level = "" | "PUBLIC" | "PARTICIPANTS" | "ORGANIZERS" | "TRUTH";
type State =
  | { kind: "idle" }
  | { kind: "uploading"; progress: Progress }
  | { kind: "verifying" }
  | { kind: "paused"; message: string }
  | { kind: "error"; message: string }
  | { kind: "done"; message: string };

const percent = (n: number, of: number) => (of ? Math.floor((100 * n) / of) : 100);

export function UploadForm({ slug, datasets }: { slug: string; datasets: string[] }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [dataset, setDataset] = useState(datasets[0] ?? "");
  const [name, setName] = useState("");
  const [level, setLevel] = useState<Level>("");
  const [state, setState] = useState<State>({ kind: "idle" });
  const busy = state.kind === "uploading" || state.kind === "verifying";

  async function upload() {
    if (!file) return;
    const fileName = name || file.name;
    setState({ kind: "uploading", progress: { sent: 0, hashed: 0, total: file.size, resumedFrom: null } });
    try {
      const published = await uploadResumable(
        file,
        `${slug}/${dataset}/${fileName}`,
        {
          start: () =>
            client.dataset.startUpload.mutate({
              slug,
              dataset,
              name: fileName,
              size: file.size,
              level: level || undefined,
            }),
          resume: (uploadId) => client.dataset.upload.query({ uploadId }),
          recordPart: (uploadId, partNumber, etag) => client.dataset.recordPart.mutate({ uploadId, partNumber, etag }),
          complete: (uploadId, sha256) => {
            setState({ kind: "verifying" });
            return client.dataset.completeUpload.mutate({ uploadId, sha256 });
          },
        },
        (progress) => setState({ kind: "uploading", progress }),
      );
      setState({
        kind: "done",
        message: `${fileName} v${published.version} is published (SHA-256 ${published.sha256}, checked from storage).`,
      });
      router.refresh();
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof ConnectionLost)
        setState({
          kind: "paused",
          message: `Paused: ${message}. The parts sent so far are kept; press Resume, or reload the page and choose the same file again.`,
        });
      else setState({ kind: "error", message });
      router.refresh();
    }
  }

  return (
    <form
      className="token-form"
      data-testid="dataset-upload"
      onSubmit={(e) => {
        e.preventDefault();
        void upload();
      }}
    >
      <h2>Upload a file</h2>
      <p className="muted">
        Straight to object storage in parallel parts. A file with the name of an existing one becomes its new version;
        the old version stays for the scores computed against it. An interrupted upload resumes where it stopped when
        you choose the same file again.
      </p>
      <label>
        File{" "}
        <input
          type="file"
          aria-label="dataset file"
          disabled={busy}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        Dataset{" "}
        <select value={dataset} disabled={busy} onChange={(e) => setDataset(e.target.value)}>
          {datasets.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        Name{" "}
        <input
          type="text"
          value={name}
          disabled={busy}
          placeholder={file?.name ?? "the file's name"}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        Level{" "}
        <select aria-label="level" value={level} disabled={busy} onChange={(e) => setLevel(e.target.value as Level)}>
          <option value="">as the version it replaces (new files: organizers)</option>
          {["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"].map((l) => (
            <option key={l} value={l}>
              {l.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!file || !dataset || busy}>
        {state.kind === "paused" ? "Resume" : "Upload"}
      </button>
      {state.kind === "uploading" && (
        <div data-testid="upload-progress">
          <progress max={100} value={percent(state.progress.sent, state.progress.total)} />{" "}
          {formatBytes(state.progress.sent)} of {formatBytes(state.progress.total)} sent (
          {percent(state.progress.sent, state.progress.total)} %), SHA-256{" "}
          {percent(state.progress.hashed, state.progress.total)} % computed
          {state.progress.resumedFrom !== null && (
            <span data-testid="resumed">
              {" "}
              — resumed: {formatBytes(state.progress.resumedFrom)} were already in storage
            </span>
          )}
        </div>
      )}
      {state.kind === "verifying" && <p>Checking the file's SHA-256 from storage…</p>}
      {state.kind === "paused" && (
        <p className="error" data-testid="upload-paused">
          {state.message}
        </p>
      )}
      {state.kind === "error" && <p className="error">{state.message}</p>}
      {state.kind === "done" && <p data-testid="upload-done">{state.message}</p>}
    </form>
  );
}
