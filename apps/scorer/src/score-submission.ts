// Scores one submission under a lease, in the sandbox, and ends it in a
// final state in one transaction (scores or error, status, scorer version,
// truth checksum, audit event), or gives it back to the queue for a retry.
// Its job directory is always removed.
import { createReadStream, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Prisma } from "@unblind/platform/db/generated/client.ts";
import { liveChallengeFiles } from "@unblind/platform/datasets/live-challenge-files.ts";
import { readMetricColumns } from "@unblind/platform/scorers/stored-results.ts";
import { PROGRAM, parseProgramConfig } from "@unblind/scoring/challenges/program-config.ts";
import { type CodePhaseSettings, parseCodePhase } from "@unblind/scoring/ingestion/code-phase-config.ts";
import { addRunMetrics } from "@unblind/scoring/ingestion/run-metrics.ts";
import { countUnits } from "./code/count-units.ts";
import { type Ingested, ingestSubmission } from "./code/ingest-submission.ts";
import { classifyProgramRun, DETAIL_FILE, MAX_DETAIL_BYTES } from "./program/classify-program-run.ts";
import { runProgram } from "./program/run-program.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { recordAudit } from "@unblind/platform/audit/record-audit.ts";
import { refreshLeaderboard } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import { taskTruthFiles, taskTruthsSha256 } from "@unblind/platform/datasets/task-truth-files.ts";
import { createJobDir, OUTPUT_DIR, PROGRAM_DIR, SUBMISSION_FILE, TRUTH_FILE } from "./job-dir.ts";
import { claimSubmission, releaseSubmission, withLease } from "./lease.ts";
import { classifyRun, integrityFailure, internalFailure, type Verdict } from "./classify-run.ts";
import { runScorerCli, type ScorerRuntime } from "./run-scorer-cli.ts";
import { limitsFor } from "./sandbox/limits.ts";

export type ScoreOutcome = "SCORED" | "INVALID" | "FAILED" | "RETRY" | "SKIPPED" | "BUSY" | "RELEASED";

export interface ScorerContext {
  platform: Platform;
  runtime: ScorerRuntime;
  /** This worker's name in leases. */
  owner: string;
  leaseSeconds: number;
  /** Internal errors are retried until this many attempts. */
  maxAttempts: number;
}

export async function scoreSubmission(
  ctx: ScorerContext,
  submissionId: string,
  shutdown?: AbortSignal,
): Promise<ScoreOutcome> {
  const { platform, owner, leaseSeconds } = ctx;
  const { db } = platform;
  const claim = await claimSubmission(db, submissionId, owner, leaseSeconds);
  if (!claim.claimed) return claim.reason === "busy" ? "BUSY" : "SKIPPED";

  const submission = await db.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      fileKey: true,
      fileName: true,
      sha256: true,
      challengeId: true,
      phaseId: true,
      challenge: {
        select: { scorer: true, scoringLimits: true, scoringConfig: true, primaryMetric: true, metrics: true },
      },
      phase: {
        select: {
          kind: true,
          code: true,
          primaryMetric: true,
          publicFraction: true,
          splitKey: true,
          bootstrapResamples: true,
          scoreDigits: true,
          truthFile: { select: { id: true, key: true, sha256: true } },
          taskTruths: true,
        },
      },
    },
  });

  const finish = async (verdict: Exclude<Verdict, { kind: "retry" }>): Promise<ScoreOutcome> => {
    const done = await db.$transaction(async (tx) => {
      // Conditional on holding the lease: a re-run never writes twice.
      const n = await tx.submission.updateMany({
        where: { id: submissionId, status: "SCORING", leaseOwner: owner },
        data: {
          // A re-score leaves nothing of an earlier run behind.
          run: Prisma.DbNull,
          organizerLog: null,
          detailKey: null,
          ...verdict.data,
          status: verdict.status,
          finishedAt: new Date(),
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      if (n.count === 1) {
        // Prisma writes JSON numbers to 16 significant digits; the scores are
        // stored again from their exact JSON text, as the scorer printed them.
        const { scores, curves } = verdict.data;
        if (scores !== undefined)
          await tx.$executeRaw`UPDATE "Submission" SET scores = ${JSON.stringify(scores)}::jsonb, curves = ${curves === undefined ? null : JSON.stringify(curves)}::jsonb WHERE id = ${submissionId}`;
        // The sealed private scores go with the result, or go away with a failed re-score.
        const sealed = verdict.privateScore;
        if (sealed) {
          await tx.$executeRaw`INSERT INTO "PrivateScore" ("submissionId", scores, curves, replicates)
            VALUES (${submissionId}, ${JSON.stringify(sealed.scores)}::jsonb, ${sealed.curves === undefined ? null : JSON.stringify(sealed.curves)}::jsonb, ${sealed.replicates ?? null})
            ON CONFLICT ("submissionId") DO UPDATE SET scores = EXCLUDED.scores, curves = EXCLUDED.curves, replicates = EXCLUDED.replicates`;
        } else {
          await tx.privateScore.deleteMany({ where: { submissionId } });
        }
        await recordAudit(tx, {
          actorId: null,
          action: verdict.action ?? `submission.${verdict.status.toLowerCase()}`,
          challengeId: submission.challengeId,
          subjectType: "Submission",
          subjectId: submissionId,
          data: verdict.audit,
        });
      }
      return n.count === 1;
    });
    if (!done) return "RELEASED";
    // The sweeper refreshes the board later if this fails (staleLeaderboards).
    await refreshLeaderboard(db, submission.phaseId).catch(() => {});
    return verdict.status;
  };
  const retryOrFail = async (details: string): Promise<ScoreOutcome> => {
    if (claim.attempts >= ctx.maxAttempts)
      return finish(internalFailure(`${details}\n(after ${claim.attempts} attempts)`));
    await releaseSubmission(db, submissionId, owner, details);
    return "RETRY";
  };

  // The truth: the phase's file, or for a multi-task phase each task's file (by name, its live version).
  let truths: { task?: string; id: string; key: string; sha256: string }[];
  try {
    truths = submission.phase.taskTruths
      ? await taskTruthFiles(db, submission.challengeId, submission.phase.taskTruths as Record<string, string>)
      : submission.phase.truthFile
        ? [submission.phase.truthFile]
        : [];
  } catch (error) {
    return finish(internalFailure((error as Error).message));
  }
  if (!truths.length) return finish(internalFailure("the phase has no truth file"));
  let limits: ReturnType<typeof limitsFor>;
  try {
    limits = limitsFor(submission.challenge.scoringLimits);
  } catch (error) {
    return finish(internalFailure(`challenge settings: ${(error as Error).message}`));
  }

  const job = createJobDir(ctx.runtime.uid);
  const submissionPath = path.join(job.path, SUBMISSION_FILE);
  let ingested: Extract<Ingested, { kind: "predictions" }> | undefined;
  try {
    return await withLease(db, submissionId, owner, leaseSeconds, async (lost) => {
      const stop = AbortSignal.any([lost, ...(shutdown ? [shutdown] : [])]);
      const released = async () => {
        if (lost.aborted) return "RELEASED" as const; // another worker holds it now
        await releaseSubmission(db, submissionId, owner, "worker shut down while scoring");
        return "RELEASED" as const;
      };
      // Every object is checked against the SHA-256 recorded when it was
      // stored: bytes changed in storage since are never scored.
      const sent = await platform.storage.downloadToFile(submission.fileKey, submissionPath);
      if (sent.sha256 !== submission.sha256)
        return finish(integrityFailure("submission", submission.sha256, sent.sha256));
      const primaryMetric = submission.phase.primaryMetric ?? submission.challenge.primaryMetric;

      // A code phase: the program runs on the hidden inputs first, in sandboxes without any truth
      // (the truth is fetched only afterwards); its predictions take its place for the scoring job.
      let settings: CodePhaseSettings | undefined;
      if (submission.phase.kind === "CODE") {
        try {
          settings = parseCodePhase(submission.phase.code);
        } catch (error) {
          return finish(internalFailure((error as Error).message));
        }
        const result = await ingestSubmission(
          { platform, runtime: ctx.runtime },
          {
            challengeId: submission.challengeId,
            settings,
            submission: submissionPath,
            fileName: submission.fileName,
            workDir: job.outside,
            limits,
            scorerVersion: ctx.runtime.bundle.version,
            signal: stop,
          },
        );
        if (stop.aborted) {
          if (result.kind === "predictions") result.remove();
          return released();
        }
        if (result.kind === "verdict") return finish(result.verdict);
        ingested = result;
        rmSync(submissionPath);
        renameSync(result.file, submissionPath);
      }

      if (truths[0].task) mkdirSync(path.join(job.path, TRUTH_FILE));
      for (const truth of truths) {
        const file = truth.task ? path.join(job.path, TRUTH_FILE, truth.task) : path.join(job.path, TRUTH_FILE);
        const { sha256 } = await platform.storage.downloadToFile(truth.key, file);
        if (sha256 !== truth.sha256) return finish(integrityFailure("truth", truth.sha256, sha256));
      }
      // What the score was made of: the truth's checksum, or one over the tasks' (task-truth-files.ts).
      const truthSha256 = truths[0].task
        ? taskTruthsSha256(truths as { task: string; sha256: string }[])
        : truths[0].sha256;
      const classifyJob = {
        scorer: submission.challenge.scorer,
        limits,
        fileName: ingested ? "predictions.csv" : submission.fileName,
        scorerVersion: ctx.runtime.bundle.version,
        truthSha256,
        truthFileId: truths[0].id,
        primaryMetric,
        scoreDigits: submission.phase.scoreDigits,
      };

      if (submission.challenge.scorer === PROGRAM) {
        let config: ReturnType<typeof parseProgramConfig>;
        let program: { key: string; sha256: string };
        try {
          config = parseProgramConfig(submission.challenge.scoringConfig);
          program = (await liveChallengeFiles(db, submission.challengeId, [config.program])).get(config.program)!;
        } catch (error) {
          return finish(internalFailure(`scoring program: ${(error as Error).message}`));
        }
        mkdirSync(path.join(job.path, PROGRAM_DIR));
        mkdirSync(path.join(job.path, OUTPUT_DIR));
        const got = await platform.storage.downloadToFile(
          program.key,
          path.join(job.path, PROGRAM_DIR, config.program),
        );
        if (got.sha256 !== program.sha256) return finish(integrityFailure("truth", program.sha256, got.sha256));
        job.seal([OUTPUT_DIR]);
        const run = await runProgram(ctx.runtime, { dir: job.path, config, limits, signal: stop });
        if (stop.aborted || run.limit === "aborted") return released();
        // Every score records the program that made it.
        const verdict = classifyProgramRun(run, {
          ...classifyJob,
          scorerVersion: `program:${program.sha256}`,
          dir: job.path,
          metricKeys: readMetricColumns(submission.challenge.metrics).map((m) => m.key),
        });
        if (verdict.status === "SCORED") {
          const detailKey = await storeDetail(platform, submissionId, path.join(job.path, OUTPUT_DIR, DETAIL_FILE));
          if (detailKey) verdict.data.detailKey = detailKey;
        }
        return finish(verdict);
      }

      job.seal();
      const run = await runScorerCli(ctx.runtime, {
        dir: job.path,
        challenge: submission.challenge.scorer,
        config: submission.challenge.scoringConfig,
        phase: submission.phase,
        limits,
        signal: stop,
      });
      if (lost.aborted) return "RELEASED"; // another worker holds it now
      if (run.limit === "aborted") return released();
      if (!ingested || !settings) {
        const verdict = classifyRun(run, classifyJob);
        return verdict.kind === "retry" ? retryOrFail(verdict.details) : finish(verdict);
      }
      // A code run's predictions: the run's measured time and memory per unit join the scores.
      const report = { ...ingested.report, hidden: { ...ingested.report.hidden!, units: 0 } };
      if (run.exitCode === 0 && !run.limit) {
        try {
          const units = await countUnits(submissionPath, settings.interface);
          report.hidden.units = units;
          const output = addRunMetrics(JSON.parse(run.stdout), { ...ingested.usage, units }, settings.throughput);
          run.stdout = JSON.stringify(output);
        } catch {
          // not JSON: classifyRun says so
        }
      }
      const verdict = classifyRun(run, classifyJob);
      if (verdict.kind === "retry") return retryOrFail(verdict.details);
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
      return finish(verdict);
    });
  } catch (error) {
    // Storage or database trouble: give it back for a retry with backoff.
    return retryOrFail(String((error as Error).stack ?? error)).catch(() => "RETRY" as const);
  } finally {
    ingested?.remove();
    job.remove();
  }
}

/** A scoring program's detailed.html, stored for its submission's owner (shown in a sandboxed frame). */
async function storeDetail(platform: Platform, submissionId: string, file: string): Promise<string | null> {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size > MAX_DETAIL_BYTES) return null;
  const key = `details/${submissionId}/${Date.now()}.html`;
  await platform.storage.putStream(key, createReadStream(file), "text/html; charset=utf-8");
  return key;
}
