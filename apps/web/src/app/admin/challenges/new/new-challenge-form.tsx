"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

type Package = {
  package: string;
  title: string;
  summary: string;
  phases: string[];
  datasets: string[];
  generatesData: boolean;
};

export function NewChallengeForm({ packages }: { packages: Package[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [chosen, setChosen] = useState(packages[0]);
  const [slug, setSlug] = useState(packages[0]?.package ?? "");
  const [title, setTitle] = useState(packages[0]?.title ?? "");
  const [syntheticData, setSyntheticData] = useState(true);
  const create = useMutation(
    trpc.challenge.createFromPackage.mutationOptions({ onSuccess: (c) => router.push(`/challenges/${c.slug}`) }),
  );
  if (!chosen) return <p>No packages are installed.</p>;
  return (
    <form
      className="token-form"
      data-testid="new-challenge"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ package: chosen.package, slug, title, syntheticData });
      }}
    >
      <label>
        Package{" "}
        <select
          aria-label="package"
          value={chosen.package}
          onChange={(e) => {
            const p = packages.find((x) => x.package === e.target.value)!;
            setChosen(p);
            setSlug(p.package);
            setTitle(p.title);
          }}
        >
          {packages.map((p) => (
            <option key={p.package} value={p.package}>
              {p.package}: {p.title}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        {chosen.summary} Phases: {chosen.phases.join(", ")}. Datasets: {chosen.datasets.join(", ")}.
      </p>
      <label>
        Slug{" "}
        <input
          aria-label="slug"
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          pattern="[a-z0-9][a-z0-9\-]{1,38}[a-z0-9]"
          required
        />
      </label>
      <label>
        Title{" "}
        <input aria-label="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
      </label>
      <label>
        <input
          type="checkbox"
          checked={syntheticData && chosen.generatesData}
          disabled={!chosen.generatesData}
          onChange={(e) => setSyntheticData(e.target.checked)}
        />{" "}
        Publish the package&apos;s synthetic data (generated now; takes a few seconds)
      </label>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create challenge"}
      </button>
      {create.error && <p className="error">{create.error.message}</p>}
    </form>
  );
}
