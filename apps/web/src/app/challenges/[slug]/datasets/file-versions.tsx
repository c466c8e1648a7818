"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formatBytes, formatTime } from "~/components/format.ts";
import { useTRPC } from "~/components/providers.tsx";
import { TableHead } from "~/components/table-head.tsx";

type Version = {
  id: string;
  name: string;
  version: number;
  level: string;
  size: number;
  sha256: string;
  createdAt: string;
  state: "live" | "superseded" | "deleted";
  truthOf: string[];
  scores: number;
};
type Upload = { id: string; name: string; size: number; partsDone: number; parts: number; expiresAt: string };

export function FileVersions({
  slug,
  dataset,
}: {
  slug: string;
  dataset: { name: string; files: Version[]; uploads: Upload[] };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = { onSuccess: () => router.refresh() };
  const remove = useMutation(trpc.dataset.deleteFile.mutationOptions(refresh));
  const purge = useMutation(trpc.dataset.purgeFile.mutationOptions(refresh));
  const abort = useMutation(trpc.dataset.abortUpload.mutationOptions(refresh));
  const error = remove.error ?? purge.error ?? abort.error;
  return (
    <>
      <table className="compact" data-testid={`versions-${dataset.name}`}>
        <TableHead columns={["File", "Version", "State", "Level", "Size", "SHA-256", "Published", "Scores", ""]} />
        <tbody>
          {dataset.files.map((f) => (
            <tr
              key={f.id}
              data-testid={`version-${f.name}-v${f.version}`}
              className={f.state === "live" ? undefined : "muted"}
            >
              <td>
                {f.name}
                {f.truthOf.length > 0 && <span className="muted"> (truth of {f.truthOf.join(", ")})</span>}
              </td>
              <td>v{f.version}</td>
              <td>{f.state}</td>
              <td>{f.level.toLowerCase()}</td>
              <td>{formatBytes(f.size)}</td>
              <td>
                <code title={f.sha256}>{f.sha256.slice(0, 12)}…</code>
              </td>
              <td>{formatTime(f.createdAt)}</td>
              <td>{f.scores}</td>
              <td>
                {f.state === "live" && f.truthOf.length === 0 && (
                  <button
                    type="button"
                    onClick={() =>
                      confirm(
                        `Delete ${f.name} v${f.version}? Participants stop seeing it; the audit trail records it.`,
                      ) && remove.mutate({ slug, fileId: f.id })
                    }
                  >
                    Delete
                  </button>
                )}
                {f.state !== "live" && f.scores === 0 && f.truthOf.length === 0 && (
                  <button
                    type="button"
                    onClick={() =>
                      confirm(`Remove ${f.name} v${f.version} and its bytes for good?`) &&
                      purge.mutate({ slug, fileId: f.id })
                    }
                  >
                    Purge
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {dataset.uploads.length > 0 && (
        <ul data-testid={`uploads-${dataset.name}`}>
          {dataset.uploads.map((u) => (
            <li key={u.id}>
              Unfinished upload of {u.name} ({formatBytes(u.size)}): {u.partsDone} of {u.parts} parts in storage, kept
              until {formatTime(u.expiresAt)}. Choose the same file above to resume it, or{" "}
              <button type="button" onClick={() => abort.mutate({ uploadId: u.id })}>
                discard it
              </button>
              .
            </li>
          ))}
        </ul>
      )}
      {error && <p className="error">{error.message}</p>}
    </>
  );
}
