"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

interface Problem {
  file: string;
  line?: number | null;
  column?: number | null;
  message: string;
}
interface Preview {
  slug: string;
  title: string;
  summary: string;
  scorer: string;
  primaryMetric: string;
  metrics: string[];
  pages: string[];
  phases: { name: string; kind?: string; opens: string; closes: string | null }[];
  datasets: string[];
  files: { name: string; access: string; source: string }[];
  /** The example submission's scores, when the bundle has one. */
  example: Record<string, unknown> | null;
}

/** "-P1D" → "1 day before creation"; a date-time as it is. */
function when(w: string): string {
  const m = /^(-?)P(\d+)D$/.exec(w);
  if (!m) return w.replace("T", " ");
  const days = `${m[2]} day${m[2] === "1" ? "" : "s"}`;
  return m[1] ? `${days} before creation` : `${days} after creation`;
}

/** Sends the archive as the raw body (the server unpacks it); ?check=true previews. */
async function send(file: File, slug: string, check: boolean) {
  const query = new URLSearchParams({ ...(check ? { check: "true" } : {}), ...(slug ? { slug } : {}) });
  const res = await fetch(`/api/challenges/bundles?${query}`, {
    method: "POST",
    headers: { "x-file-name": encodeURIComponent(file.name) },
    body: file,
  });
  return { ok: res.ok, body: await res.json() };
}

export function BundleForm() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [slug, setSlug] = useState("");
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState("");

  const run = async (check: boolean) => {
    if (!file) return;
    setBusy(true);
    setError("");
    setProblems([]);
    try {
      const { ok, body } = await send(file, slug, check);
      if (!ok) {
        setPreview(null);
        setProblems(body.problems ?? []);
        setError(body.problems ? String(body.detail).split("\n")[0] : body.detail);
      } else if (check) setPreview(body.preview);
      else router.push(`/challenges/${body.slug}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="bundle-form">
      <form
        className="field-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <label>
          Bundle{" "}
          <input
            type="file"
            aria-label="bundle"
            accept=".zip,.tar,.tgz,.gz"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
            }}
            required
          />
        </label>
        <label>
          Slug <input value={slug} onChange={(e) => setSlug(e.target.value)} placeholder="the bundle's own" />
        </label>
        <button type="submit" disabled={!file || busy}>
          Check
        </button>
      </form>
      {error && (
        <p className="error" role="alert" data-testid="bundle-error">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="problems" data-testid="bundle-problems">
          {problems.map((p) => (
            <li key={`${p.file}:${p.line}:${p.column}:${p.message}`}>
              <code>{[p.file, p.line, p.column].filter((x) => x !== undefined && x !== null).join(":")}</code>{" "}
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {preview && (
        <section data-testid="bundle-preview">
          <h2>
            {preview.title} <code>{slug || preview.slug}</code>
          </h2>
          <p>{preview.summary}</p>
          <table className="compact">
            <tbody>
              <tr>
                <th>Scorer</th>
                <td>
                  {preview.scorer}, ranked by <code>{preview.primaryMetric}</code>; shows {preview.metrics.join(", ")}
                </td>
              </tr>
              <tr>
                <th>Pages</th>
                <td>{preview.pages.join(", ")}</td>
              </tr>
              <tr>
                <th>Phases</th>
                <td>
                  {preview.phases
                    .map((p) => `${p.name}: ${when(p.opens)} → ${p.closes ? when(p.closes) : "open-ended"}`)
                    .join("; ")}
                </td>
              </tr>
              <tr>
                <th>Datasets</th>
                <td>{preview.datasets.join(", ")}</td>
              </tr>
              {preview.example && (
                <tr data-testid="bundle-example">
                  <th>Example submission</th>
                  <td>
                    scored as a dry run:{" "}
                    {Object.entries(preview.example)
                      .map(([k, v]) => `${k} ${typeof v === "number" ? Number(v.toPrecision(6)) : "—"}`)
                      .join(", ")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <h3>Files</h3>
          <table className="compact" data-testid="bundle-files">
            <thead>
              <tr>
                <th>File</th>
                <th>Level</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {preview.files.map((f) => (
                <tr key={f.name}>
                  <td>{f.name}</td>
                  <td>{f.access.toLowerCase()}</td>
                  <td>{f.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" disabled={busy} onClick={() => void run(false)}>
              Create the challenge
            </button>
          </p>
        </section>
      )}
    </div>
  );
}
