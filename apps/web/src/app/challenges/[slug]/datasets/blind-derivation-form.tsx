"use client";
// Hosting a labelled file blind: the organizer picks the labelled file (held
// at level organizers or truth), names the answer columns, and where the
// participant file and the sealed key go; a sandboxed job derives both. The
// list below follows each derivation until it is done or failed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatTime } from "~/components/format.ts";
import { useTRPC } from "~/components/providers.tsx";

const splitList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function BlindDerivationForm({ slug, datasets }: { slug: string; datasets: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data } = useQuery(
    trpc.dataset.derivations.queryOptions(
      { slug },
      {
        refetchInterval: (q) =>
          q.state.data?.derivations.some((d) => d.status === "QUEUED" || d.status === "RUNNING") ? 1000 : false,
      },
    ),
  );
  const [source, setSource] = useState("");
  const [frameKey, setFrameKey] = useState("table");
  const [answers, setAnswers] = useState("");
  const [participantDataset, setParticipantDataset] = useState(datasets[0] ?? "");
  const [participantName, setParticipantName] = useState("test.h5");
  const [keyDataset, setKeyDataset] = useState(datasets.at(-1) ?? "");
  const [keyName, setKeyName] = useState("test_key.h5");
  const [truthOf, setTruthOf] = useState<string[]>([]);
  useEffect(() => {
    if (!data) return;
    if (!source && data.sources[0]) setSource(`${data.sources[0].dataset}/${data.sources[0].name}`);
    if (!answers && data.knownAnswerColumns.length) setAnswers(data.knownAnswerColumns.join(", "));
  }, [data, source, answers]);
  const derive = useMutation(
    trpc.dataset.deriveBlind.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.dataset.derivations.queryFilter({ slug })),
    }),
  );
  const running = data?.derivations.some((d) => d.status === "QUEUED" || d.status === "RUNNING");
  useEffect(() => {
    if (!running) router.refresh();
  }, [running, router]);
  if (!data) return null;
  const chosen = data.sources.find((f) => `${f.dataset}/${f.name}` === source);

  return (
    <form
      className="token-form"
      data-testid="blind-derivation"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen) return;
        derive.mutate({
          slug,
          source: chosen,
          frameKey,
          answerColumns: splitList(answers),
          participant: { dataset: participantDataset, name: participantName },
          answerKey: { dataset: keyDataset, name: keyName },
          truthOf,
        });
      }}
    >
      <h2>Host a labelled file blind</h2>
      <p className="muted">
        Upload the labelled release (for example the public test file with its labels) at level organizers or truth,
        then name the columns that carry the answer. A sandboxed job writes the participant file (the same layout,
        format and key, minus exactly those columns; level participants) and the sealed answer key (those columns only;
        level truth), and records both SHA-256 values in the audit trail. The labelled original is never shown to
        participants. A derivation that would leave one of this challenge's known label columns
        {data.knownAnswerColumns.length ? ` (${data.knownAnswerColumns.join(", ")})` : ""} in the participant file is
        refused.
      </p>
      {data.sources.length === 0 ? (
        <p className="muted" data-testid="no-labelled-source">
          No file at level organizers or truth yet: upload the labelled file first.
        </p>
      ) : (
        <>
          <div className="field-grid">
            <label>
              <span>Labelled file</span>
              <select aria-label="labelled file" value={source} onChange={(e) => setSource(e.target.value)}>
                {data.sources.map((f) => (
                  <option key={`${f.dataset}/${f.name}`} value={`${f.dataset}/${f.name}`}>
                    {f.dataset} / {f.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>pandas key</span>{" "}
              <input aria-label="pandas key" value={frameKey} onChange={(e) => setFrameKey(e.target.value)} />
            </label>
            <label>
              <span>Answer columns</span>
              <input
                aria-label="answer columns"
                size={60}
                value={answers}
                placeholder="comma-separated column names"
                onChange={(e) => setAnswers(e.target.value)}
              />
            </label>
            <label>
              <span>Participant file</span>
              <span>
                <select
                  aria-label="participant dataset"
                  value={participantDataset}
                  onChange={(e) => setParticipantDataset(e.target.value)}
                >
                  {datasets.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>{" "}
                <input
                  aria-label="participant file name"
                  value={participantName}
                  onChange={(e) => setParticipantName(e.target.value)}
                />
              </span>
            </label>
            <label>
              <span>Answer key</span>
              <span>
                <select aria-label="key dataset" value={keyDataset} onChange={(e) => setKeyDataset(e.target.value)}>
                  {datasets.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>{" "}
                <input aria-label="key file name" value={keyName} onChange={(e) => setKeyName(e.target.value)} />
              </span>
            </label>
          </div>
          {data.phases.length > 0 && (
            <fieldset>
              <legend>Use the key as the truth of</legend>
              {data.phases.map((p) => (
                <label key={p}>
                  <input
                    type="checkbox"
                    checked={truthOf.includes(p)}
                    onChange={(e) => setTruthOf(e.target.checked ? [...truthOf, p] : truthOf.filter((x) => x !== p))}
                  />{" "}
                  {p}
                </label>
              ))}
            </fieldset>
          )}
          <button type="submit" disabled={!chosen || derive.isPending || splitList(answers).length === 0}>
            Derive
          </button>
          {derive.error && (
            <p className="error" role="alert">
              {derive.error.message}
            </p>
          )}
        </>
      )}
      {data.derivations.length > 0 && (
        <table className="compact" data-testid="derivations">
          <thead>
            <tr>
              <th>Requested</th>
              <th>State</th>
              <th>Removed</th>
              <th>Participant file / key</th>
            </tr>
          </thead>
          <tbody>
            {data.derivations.map((d) => (
              <tr key={d.id}>
                <td>{formatTime(d.createdAt)}</td>
                <td>
                  <span className={`status ${d.status === "DONE" ? "scored" : d.status.toLowerCase()}`}>
                    {d.status.toLowerCase()}
                  </span>
                  {d.error && <div className="error">{d.error}</div>}
                </td>
                <td>{d.answerColumns.join(", ")}</td>
                <td>
                  {d.participantName} / {d.keyName}
                  {d.truthOf.length > 0 && <span className="muted"> (truth of {d.truthOf.join(", ")})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
