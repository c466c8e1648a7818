import Link from "next/link";
import { Fragment } from "react";
import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { formatTime } from "~/components/format.ts";
import { getCaller } from "~/server/auth.ts";
import { orNotFound } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { AnswerForm } from "./answer-form.tsx";
import { OpenBoxForm } from "./open-box-form.tsx";
import { UnblindingPlot, type PlotRow } from "./unblinding-plot.tsx";

type Box = Awaited<ReturnType<typeof getBox>>;
type Answer = Box["mine"][number];

const fmt = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined ? "–" : Number(v).toPrecision(digits);
const measured = (m: { value: number; sigma: number } | undefined) =>
  m ? `${fmt(m.value)} ± ${fmt(m.sigma, 2)}` : "–";

function statusOf(a: Answer): string {
  if (a.supersededAt) return "replaced";
  if (a.postUnblinding) return `post-unblinding, ${a.status.toLowerCase()}`;
  return a.status === "SEALED" ? "sealed" : a.status.toLowerCase();
}

type Measured = { value: number; sigma: number };
const measuredOf = (answer: Answer["answer"], q: string) =>
  typeof answer[q] === "object" ? (answer[q] as Measured) : undefined;

function plotRows(results: NonNullable<Box["results"]>, q: string): PlotRow[] {
  return results.flatMap((r) => {
    const m = measuredOf(r.answer, q);
    return m ? [{ participant: r.participant, value: m.value, sigma: m.sigma, postUnblinding: r.postUnblinding }] : [];
  });
}

export default async function BoxPage({ params }: { params: Promise<{ slug: string; box: string }> }) {
  const { slug, box: boxParam } = await params;
  const caller = await getCaller();
  const view = await orNotFound(getBox(platform(), caller, { challengeSlug: slug, box: decodeURIComponent(boxParam) }));
  const { box, key, results } = view;
  const truth = (name: string) => (typeof key?.[name] === "number" ? (key[name] as number) : null);
  const { quantities } = box.answer;
  // One plot per quantity not matched in pairs (the resonance mass, the signal count), the signal count last.
  const paired = new Set(box.answer.interchangeable.flat());
  const plotted = [
    ...quantities.filter((q) => !paired.has(q.key) && q.key !== box.answer.signal),
    ...quantities.filter((q) => q.key === box.answer.signal),
  ];
  return (
    <>
      <p>
        <Link href={`/challenges/${slug}`}>← {view.challenge.title}</Link>
      </p>
      <h1>{box.name}</h1>
      {box.openedAt ? (
        <p className="lead" data-testid="box-state">
          Opened {formatTime(box.openedAt)} by {box.openedBy}. The answer key is public; answers made since are marked
          post-unblinding.
        </p>
      ) : (
        <p className="lead" data-testid="box-state">
          Sealed: {view.sealedAnswers} answer(s) locked in. Nothing is scored before the opening.{" "}
          {box.closesAt &&
            (box.accepting
              ? `Answers can be replaced until ${formatTime(box.closesAt)}.`
              : `Answers are locked since ${formatTime(box.closesAt)}.`)}
        </p>
      )}

      {results && key && (
        <section data-testid="results">
          <h2>Results</h2>
          <p>
            <strong>Truth:</strong> {String(key.description ?? "")}{" "}
            {quantities.map((q) => `${q.label} = ${fmt(truth(q.key))}${q.unit ? ` ${q.unit}` : ""}`).join(", ")}.
          </p>
          <p className="muted">
            Each answer is judged by its pulls, (answer − truth)/σ: within 1σ or 2σ of the truth
            {box.answer.interchangeable.length > 0 &&
              `; ${box.answer.interchangeable.map(([a, b]) => `${a} and ${b}`).join(", ")} are matched to the true ones in whichever order fits better`}
            . Its claim is judged too: reporting {box.answer.signal} above 0 at a p-value ≤ {box.answer.claimThreshold}{" "}
            claims a signal, which is a true discovery if one was injected and a false discovery if not; claiming none
            where a signal was injected is a missed signal. Hollow grey points are post-unblinding.
          </p>
          {plotted.map((q) => (
            <div key={q.key}>
              <h3>{q.label}</h3>
              <UnblindingPlot
                rows={plotRows(results, q.key)}
                truth={truth(q.key)}
                label={q.unit ? `${q.label} (${q.unit})` : q.label}
                testId={`plot-${q.key}`}
              />
            </div>
          ))}
          <table className="leaderboard" data-testid="pulls">
            <thead>
              <tr>
                <th>Participant</th>
                <th>p-value</th>
                <th>Claim</th>
                {quantities.map((q) => (
                  <th key={q.key} colSpan={2}>
                    {q.label} · pull
                  </th>
                ))}
                <th>AUC</th>
                <th>Receipt</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => {
                const v = r.verdict?.quantities ?? {};
                return (
                  <tr key={r.id} className={r.postUnblinding ? "post-unblinding" : undefined}>
                    <td>
                      {r.participant} {r.postUnblinding && <span className="badge">post-unblinding</span>}
                    </td>
                    <td>{fmt(r.answer.pValue, 3)}</td>
                    <td data-testid="claim">
                      {r.verdict?.claim ? (
                        <span
                          className={`status ${r.verdict.claim.outcome.includes("false") || r.verdict.claim.outcome.includes("missed") ? "failed" : "scored"}`}
                          title={`signal claimed at p ≤ ${r.verdict.claim.pValueThreshold}`}
                        >
                          {r.verdict.claim.outcome}
                        </span>
                      ) : (
                        "–"
                      )}
                    </td>
                    {quantities.map((q) => (
                      <Fragment key={q.key}>
                        <td>{measured(measuredOf(r.answer, q.key))}</td>
                        <td>
                          {fmt(v[q.key]?.pull, 3)}
                          {r.verdict?.daughters === "swapped" && paired.has(q.key) && (
                            <span className="muted"> (swapped)</span>
                          )}
                        </td>
                      </Fragment>
                    ))}
                    <td>
                      {r.scores?.auc !== undefined
                        ? fmt(r.scores.auc)
                        : r.status === "QUEUED" || r.status === "SCORING"
                          ? "scoring…"
                          : "–"}
                    </td>
                    <td>
                      <code title={r.sha256 ?? ""}>{r.sha256?.slice(0, 12)}…</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}

      <div className="columns">
        <section className="main-column">
          <h2>{box.openedAt ? "Answer after the opening" : "Your answer"}</h2>
          {!caller ? (
            <p>
              <Link href={`/signin?callbackUrl=/challenges/${slug}/boxes/${encodeURIComponent(box.name)}`}>
                Sign in
              </Link>{" "}
              to answer.
            </p>
          ) : view.notEligibleBecause ? (
            <p className="muted">{view.notEligibleBecause}</p>
          ) : box.accepting ? (
            <AnswerForm
              slug={slug}
              box={box.name}
              postUnblinding={box.openedAt !== null}
              quantities={box.answer.quantities}
              signal={box.answer.signal}
            />
          ) : (
            <p className="muted">This box is not taking answers now.</p>
          )}
        </section>
        <aside className="side-column">
          {caller && (
            <>
              <h2>Your receipts</h2>
              {view.mine.length === 0 ? (
                <p className="muted">No answers yet.</p>
              ) : (
                <table data-testid="my-answers">
                  <thead>
                    <tr>
                      <th>Received</th>
                      <th>Status</th>
                      <th>SHA-256</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.mine.map((a) => (
                      <tr key={a.id}>
                        <td>{formatTime(a.createdAt)}</td>
                        <td>{statusOf(a)}</td>
                        <td>
                          <code title={a.sha256 ?? ""}>{a.sha256?.slice(0, 16)}…</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
          {view.isOrganizer && !box.openedAt && (
            <>
              <h2>Organizer</h2>
              <OpenBoxForm slug={slug} box={box.name} sealedAnswers={view.sealedAnswers} />
            </>
          )}
        </aside>
      </div>
    </>
  );
}
