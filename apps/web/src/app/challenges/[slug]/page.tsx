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
          {challenge.acceptingSubmissions && challenge.openCodePhases.length > 0 && (
            <ul className="plain" data-testid="code-phases">
              {challenge.openCodePhases.map((p) => (
                <li key={p.id}>
                  <b>{p.name}</b> takes programs, run on hidden inputs:{" "}
                  <Link href={`/challenges/${slug}/programs/${encodeURIComponent(p.name)}`}>submit a program →</Link>
                </li>
              ))}
            </ul>
          )}
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
