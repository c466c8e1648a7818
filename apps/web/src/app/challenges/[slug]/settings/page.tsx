import Link from "next/link";
import { getChallengeSettings } from "@unblind/platform/challenges/challenge-settings.ts";
import { redirect } from "next/navigation";
import { getCaller } from "~/server/auth.ts";
import { isRefusal, orRefusal } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { AccessForm, FileLevels } from "./settings-forms.tsx";
import { LeaderboardSettingsForm } from "./leaderboard-settings-form.tsx";
import { FpgaBudgetForm } from "./fpga-budget-form.tsx";
import { PagesForm } from "./pages-form.tsx";
import { PhaseForm } from "./phases-form.tsx";
import { MetricsForm } from "./metrics-form.tsx";
import { RescoreButton } from "../rescore-button.tsx";

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getCaller();
  if (!caller) redirect(`/signin?callbackUrl=/challenges/${slug}/settings`);
  const settings = await orRefusal(getChallengeSettings(platform(), caller, slug));
  if (isRefusal(settings)) return <p className="error">{settings.refused}</p>;
  const { files, organizerUsers, leaderboard, fpgaBudget, pages, phases, scoringProgram, ...access } = settings;
  return (
    <>
      <h1>
        <Link href={`/challenges/${slug}`}>{slug}</Link>: access, pages, phases and files
      </h1>
      <p>
        Organizer users: {organizerUsers.join(", ") || "none"} (set with <code>npm run admin -- challenge role</code>).
        Every change here is recorded in the <Link href={`/challenges/${slug}/audit`}>audit trail</Link>.
      </p>
      <AccessForm slug={slug} initial={access} />
      <h2>Pages</h2>
      <p>
        Markdown, shown on the challenge page in this order; raw HTML is shown as text, and links other than http,
        https, mailto and relative ones as their text. Each save is audited with every page&apos;s SHA-256.
      </p>
      <PagesForm slug={slug} pages={pages} />
      <h2>Phases</h2>
      <p>
        Dates in ISO 8601 (UTC). An opened black box and a phase whose private leaderboard is revealed keep their dates;
        a phase cannot open after a submission it took.
      </p>
      {phases.map((p) => (
        <PhaseForm key={p.name} slug={slug} phase={p} />
      ))}
      {scoringProgram && (
        <section data-testid="scoring-program">
          <h2>Scoring program</h2>
          <p>
            <code>{scoringProgram.name}</code> ({scoringProgram.runtime}), version {scoringProgram.version ?? "—"},
            SHA-256 <code>{scoringProgram.sha256 ?? "—"}</code>. Every score names the program that made it. To replace
            it, upload a new version of <code>{scoringProgram.name}</code> on the{" "}
            <Link href={`/challenges/${slug}/datasets`}>dataset files</Link> page (audited with the version it
            replaces).
          </p>
          {scoringProgram.scoredWithOther > 0 ? (
            <>
              <p className="error" data-testid="program-outdated">
                {scoringProgram.scoredWithOther} finished submission(s) were scored by another version of the program.
                Re-score to score them with this one:
              </p>
              {phases.map((p) => (
                <RescoreButton key={p.id} phaseId={p.id} phaseName={p.name} />
              ))}
            </>
          ) : (
            <p className="muted">Every finished submission was scored by this version.</p>
          )}
        </section>
      )}
      <h2>Metrics</h2>
      <p>
        How the scores are shown on the leaderboard and on submission pages. Which metrics there are, which one ranks
        and which way each is better come from the scoring definition.
      </p>
      <MetricsForm slug={slug} metrics={leaderboard.metrics} />
      <h2>Dataset files</h2>
      <p>
        <b>public</b>: anyone who sees the challenge; <b>participants</b>: those who may take part; <b>organizers</b>:
        organizers, each download audited; <b>truth</b>: nobody on any route, read by the scorer only.
      </p>
      <FileLevels slug={slug} files={files} />
      <h2>Leaderboards</h2>
      <p>
        Changing the split, the rounding or the resamples re-scores the phase, so every score follows the settings. A
        phase&apos;s settings are final once its private leaderboard is revealed.
      </p>
      {leaderboard.phases.map((p) => (
        <LeaderboardSettingsForm
          key={p.name}
          slug={slug}
          phase={p}
          metrics={leaderboard.metrics.filter((m) => m.key !== leaderboard.primaryMetric)}
          secondaryMetric={leaderboard.secondaryMetric}
        />
      ))}
      {fpgaBudget && (
        <>
          <h2>FPGA budget</h2>
          <p>
            The scorer checks every model against this device and these limits; a model over a limit is shown but not
            ranked. Saving re-scores every submission of the challenge.
          </p>
          <FpgaBudgetForm slug={slug} config={fpgaBudget} />
        </>
      )}
    </>
  );
}
