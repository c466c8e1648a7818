import Link from "next/link";
import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { scorerEntry } from "@unblind/platform/scorers/registry.ts";
import { Markdown } from "~/components/markdown.tsx";
import { formatBytes, formatTime } from "~/components/format.ts";
import { getCaller } from "~/server/auth.ts";
import { orNotFound } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { DownloadButton } from "./download-button.tsx";
import { FpgaBudget } from "./fpga-budget.tsx";
import { SubmitForm } from "./submit-form.tsx";
import { ScriptSnippets } from "./script-snippets.tsx";
import { MySubmissions } from "./my-submissions.tsx";
import { RescoreButton } from "./rescore-button.tsx";

export default async function ChallengePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getCaller();
  const challenge = await orNotFound(getChallenge(platform(), caller, slug));
  const scorer = scorerEntry(challenge.scorer);
  const phase = challenge.currentPhase;
  return (
    <>
      <h1>{challenge.title}</h1>
      <p className="lead">{challenge.summary}</p>
      <p>
        <Link href={`/challenges/${slug}/leaderboard`}>Leaderboard →</Link>
      </p>
      <div className="columns">
        <section className="main-column">
          <Markdown source={challenge.description} />
          {scorer.configView === "fpga-budget" && <FpgaBudget config={challenge.scoringConfig} />}
        </section>
        <aside className="side-column">
          <h2>Phases</h2>
          <ul className="plain">
            {challenge.phases.map((p) => (
              <li key={p.id}>
                {p.kind === "BLACK_BOX" ? (
                  <Link href={`/challenges/${slug}/boxes/${encodeURIComponent(p.name)}`}>
                    <strong>{p.name}</strong>
                  </Link>
                ) : (
                  <strong>{p.name}</strong>
                )}
                : {formatTime(p.opensAt)} → {p.closesAt ? formatTime(p.closesAt) : "open-ended"}, {p.maxPerDay} per day
                {p.kind === "BLACK_BOX" && <span className="badge">{p.openedAt ? "opened" : "sealed"}</span>}
              </li>
            ))}
          </ul>
          <h2>Data</h2>
          {challenge.datasets.length === 0 && (
            <p className="muted">{caller ? "No files yet." : "Sign in to see the participant files."}</p>
          )}
          {challenge.datasets.map((d) => (
            <div key={d.id} className="dataset">
              <h3>{d.name}</h3>
              <p className="muted">{d.description}</p>
              <table className="files">
                <thead>
                  <tr>
                    <th>File</th>
                    <th>Size</th>
                    <th>SHA-256</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.files.map((f) => (
                    <tr key={f.id} data-testid={`file-${f.name}`}>
                      <td>{f.name}</td>
                      <td>{formatBytes(f.size)}</td>
                      <td>
                        <code title={f.sha256}>{f.sha256.slice(0, 12)}…</code>
                      </td>
                      <td>
                        <DownloadButton fileId={f.id} name={f.name} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          <h2>Submit</h2>
          {!challenge.acceptingSubmissions ? (
            <p className="muted">This challenge is not accepting submissions yet.</p>
          ) : !phase ? (
            <p className="muted">No phase is open now.</p>
          ) : !caller ? (
            <p>
              <Link href={`/signin?callbackUrl=/challenges/${slug}`}>Sign in</Link> to submit.
            </p>
          ) : challenge.notEligibleBecause ? (
            <p className="muted" data-testid="not-eligible">
              {challenge.notEligibleBecause} <Link href="/groups">Groups</Link>
            </p>
          ) : (
            <SubmitForm
              slug={slug}
              format={challenge.submissionFormat}
              leftToday={challenge.submissionsLeftToday ?? 0}
              maxBytes={Number(phase.maxFileBytes)}
              accept={scorer.accept}
            />
          )}
          {caller &&
            !challenge.notEligibleBecause &&
            challenge.acceptingSubmissions &&
            challenge.openCodePhases.map((p) => (
              <section key={p.id} data-testid={`code-phase-${p.name}`}>
                <h3>Submit a program to {p.name}</h3>
                <SubmitForm
                  slug={slug}
                  phase={p.name}
                  format="A model.py with a class Model (predict, optionally fit), alone or in a .zip/.tar.gz with its weights; see the pages for the interface. It runs on hidden inputs, measured on one core."
                  leftToday={p.leftToday ?? 0}
                  maxBytes={Number(p.maxFileBytes)}
                  accept=".py,.zip,.tar,.tgz,.gz,.onnx"
                />
              </section>
            ))}
          <ScriptSnippets slug={slug} />
          {caller && <MySubmissions slug={slug} />}
          {challenge.isOrganizer && (
            <>
              <h2>Organizer</h2>
              <p>
                <Link href={`/challenges/${slug}/settings`}>Access and files</Link> ·{" "}
                <Link href={`/challenges/${slug}/datasets`}>Dataset files</Link> ·{" "}
                <Link href={`/challenges/${slug}/audit`}>Audit trail</Link>
              </p>
              {challenge.phases.map((p) => (
                <RescoreButton key={p.id} phaseId={p.id} phaseName={p.name} />
              ))}
            </>
          )}
        </aside>
      </div>
    </>
  );
}
