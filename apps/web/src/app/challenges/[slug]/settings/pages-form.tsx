"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

interface Page {
  title: string;
  markdown: string;
}

/** The challenge's pages, in order (the first is the overview): edit, add, remove, reorder, save. */
export function PagesForm({ slug, pages: initial }: { slug: string; pages: Page[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [pages, setPages] = useState(initial);
  const save = useMutation(trpc.challenge.setPages.mutationOptions({ onSuccess: () => router.refresh() }));
  const edit = (i: number, change: Partial<Page>) =>
    setPages((ps) => ps.map((p, k) => (k === i ? { ...p, ...change } : p)));
  const move = (i: number, by: number) =>
    setPages((ps) => {
      const next = [...ps];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  return (
    <form
      aria-label="pages"
      data-testid="pages-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ slug, pages });
      }}
    >
      {pages.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pages have no id; the order is the identity
        <fieldset key={i} className="page-editor">
          <legend>{i === 0 ? "Overview (first page)" : `Page ${i + 1}`}</legend>
          <label>
            Title{" "}
            <input aria-label={`title ${i + 1}`} value={p.title} onChange={(e) => edit(i, { title: e.target.value })} />
          </label>
          <textarea
            aria-label={`markdown ${i + 1}`}
            value={p.markdown}
            rows={Math.min(20, Math.max(4, p.markdown.split("\n").length + 1))}
            onChange={(e) => edit(i, { markdown: e.target.value })}
          />
          <p>
            <button type="button" disabled={i === 0} onClick={() => move(i, -1)}>
              Up
            </button>{" "}
            <button type="button" disabled={i === pages.length - 1} onClick={() => move(i, 1)}>
              Down
            </button>{" "}
            <button
              type="button"
              disabled={pages.length === 1}
              onClick={() => setPages((ps) => ps.filter((_, k) => k !== i))}
            >
              Remove
            </button>
          </p>
        </fieldset>
      ))}
      <p>
        <button type="button" onClick={() => setPages((ps) => [...ps, { title: "", markdown: "" }])}>
          Add a page
        </button>{" "}
        <button type="submit" disabled={save.isPending}>
          Save pages
        </button>
      </p>
      {save.error && (
        <p className="error" data-testid="pages-error">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && <p data-testid="pages-saved">Saved; the challenge page shows them.</p>}
    </form>
  );
}
