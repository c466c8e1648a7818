"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/components/providers.tsx";

/** Asks for a short-lived presigned URL and lets the browser fetch from storage. */
export function DownloadButton({ fileId, name }: { fileId: string; name: string }) {
  const trpc = useTRPC();
  const download = useMutation(
    trpc.dataset.downloadUrl.mutationOptions({
      onSuccess: ({ url }) => {
        const a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
      },
    }),
  );
  return (
    <>
      <button
        type="button"
        onClick={() => download.mutate({ fileId })}
        disabled={download.isPending}
        aria-label={`Download ${name}`}
      >
        {download.isPending ? "…" : "Download"}
      </button>
      {download.error && <span className="error">{download.error.message}</span>}
    </>
  );
}
