// A code phase's submission: the participant's program runs on the sample
// and hidden inputs in ingestion sandboxes that hold no truth
// (ingest-submission.ts); its predictions are then scored by the challenge's
// scorer in this job's own sandbox, and the run's measured time and memory
// per unit join the scores.
//
// The scorer starts while the program runs: the truth is downloaded into this
// job's folder (no ingestion sandbox ever mounts it) and the scorer's sandbox
// loads beside it, waiting; it reads the predictions once they are in place
// (likewise the hidden run's sandbox is set up during the sample run).
// Its start-up (~0.2 s) is then not part of what a code submission costs
// beyond the participant's own run time.
import { renameSync, rmSync } from "node:fs";
import { type CodePhaseSettings, parseCodePhase } from "@unblind/scoring/ingestion/code-phase-config.ts";
import { addRunMetrics } from "@unblind/scoring/ingestion/run-metrics.ts";
import { classifyRun, internalFailure } from "../classify-run.ts";
import { runScorerCli } from "../run-scorer-cli.ts";
import { downloadTruths, type JobEnd, type ScoringJob, scorerJob } from "../score-job.ts";
import { countUnits } from "./count-units.ts";
import { type Ingested, ingestSubmission } from "./ingest-submission.ts";

export async function scoreCodeSubmission(s: ScoringJob): Promise<JobEnd> {
  let settings: CodePhaseSettings;
  try {
    settings = parseCodePhase(s.phase.code);
  } catch (error) {
    return internalFailure((error as Error).message);
  }
  // The truth comes into this job's folder while the program runs; the scorer then starts beside it and waits.
  const truthReady = downloadTruths(s);
  let start!: (go: boolean) => void;
  const startWhen = new Promise<boolean>((resolve) => {
    start = resolve;
  });
  const scoring = truthReady.then((badTruth) => {
    if (badTruth) return null;
    s.job.admit();
    return runScorerCli(s.runtime, { ...scorerJob(s), startWhen });
  });
  scoring.catch(() => {}); // a failed download is thrown where the truth is awaited
  const stopScorer = async () => {
    start(false);
    await scoring.catch(() => null);
  };
  let ingested: Ingested | undefined;
  try {
    ingested = await ingestSubmission(
      { platform: s.platform, runtime: s.runtime },
      {
        challengeId: s.challengeId,
        settings,
        submission: s.submissionPath,
        fileName: s.classify.fileName,
        workDir: s.job.outside,
        limits: s.limits,
        scorerVersion: s.runtime.bundle.version,
        signal: s.stop,
      },
    );
    if (ingested.kind !== "predictions" || s.stop.aborted) {
      await stopScorer();
      if (ingested.kind === "verdict" && !s.stop.aborted) return ingested.verdict;
      return { kind: "released" };
    }
    const badTruth = await truthReady;
    if (badTruth) return badTruth;
    // The participant's upload leaves the job; its predictions take its place, and the waiting scorer reads them.
    rmSync(s.submissionPath);
    renameSync(ingested.file, s.submissionPath);
    s.job.seal();
    start(true);
    const run = (await scoring)!;
    if (s.stop.aborted || run.limit === "aborted") return { kind: "released" };

    // The run's measured time and memory per unit join the scores.
    const report = { ...ingested.report, hidden: { ...ingested.report.hidden!, units: 0 } };
    if (run.exitCode === 0 && !run.limit) {
      try {
        const units = await countUnits(s.submissionPath, settings.interface);
        report.hidden.units = units;
        const output = addRunMetrics(JSON.parse(run.stdout), { ...ingested.usage, units }, settings.throughput);
        run.stdout = JSON.stringify(output);
      } catch {
        // not JSON: classifyRun says so
      }
    }
    const verdict = classifyRun(run, { ...s.classify, fileName: "predictions.csv" });
    if (verdict.kind === "retry") return verdict;
    verdict.data.run = report as object;
    verdict.data.organizerLog = ingested.organizerLog;
    if (verdict.status === "INVALID") {
      // The program wrote predictions the scorer refuses: its output on hidden inputs, never a free try.
      report.hidden.outcome = "invalid-output";
      verdict.status = "FAILED";
      verdict.data.countsAgainstLimit = true;
      verdict.data.errorMessage = `Your program's predictions on the hidden inputs are not valid: ${verdict.data.errorMessage}`;
      verdict.data.errorLine = null;
      verdict.data.errorColumn = null;
    }
    return verdict;
  } catch (error) {
    await stopScorer();
    throw error;
  } finally {
    if (ingested?.kind === "predictions") ingested.remove();
  }
}
