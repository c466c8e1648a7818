// Scores one submission under a lease, in the sandbox, and ends it in a
// final state in one transaction (scores or error, status, scorer version,
// truth checksum, audit event), or gives it back to the queue for a retry.
// Its job directory is always removed. How the job is scored depends on
// the phase and the challenge (score-job.ts).
import path from "node:path";
import { recordAudit } from "@unblind/platform/audit/record-audit.ts";
import { taskTruthFiles, taskTruthsSha256 } from "@unblind/platform/datasets/task-truth-files.ts";
import { Prisma } from "@unblind/platform/db/generated/client.ts";
import { refreshLeaderboard } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { PROGRAM } from "@unblind/scoring/challenges/program-config.ts";
import { classifyRun, integrityFailure, internalFailure, type Verdict } from "./classify-run.ts";
import { scoreCodeSubmission } from "./code/score-code-submission.ts";
import { createJobDir, SUBMISSION_FILE } from "./job-dir.ts";
import { claimSubmission, releaseSubmission, withLease } from "./lease.ts";
import { scoreWithProgram } from "./program/score-with-program.ts";
import { readsHdf5, runScorerCli, type ScorerRuntime, scorerArgs } from "./run-scorer-cli.ts";
import type { SandboxResult } from "./sandbox/run-sandboxed.ts";
import { fitsWarm, type WarmSlot } from "./warm-scorer.ts";
import { downloadTruths, type JobEnd, type JobTruth, type ScoringJob, scorerJob } from "./score-job.ts";
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
  /** This worker slot's scorer sandbox started ahead of its job (warm-scorer.ts). */
  warm?: WarmSlot;
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
  let truths: JobTruth[];
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

  const warm = ctx.warm?.take();
  let truthsEarly: Promise<Verdict | null> | undefined;
  const job = warm?.job ?? createJobDir(ctx.runtime.uid);
  const submissionPath = path.join(job.path, SUBMISSION_FILE);
  try {
    return await withLease(db, submissionId, owner, leaseSeconds, async (lost) => {
      const stop = AbortSignal.any([lost, ...(shutdown ? [shutdown] : [])]);
      const scoring: ScoringJob = {
        platform,
        runtime: ctx.runtime,
        submissionId,
        job,
        submissionPath,
        challengeId: submission.challengeId,
        scorer: submission.challenge.scorer,
        scoringConfig: submission.challenge.scoringConfig,
        metrics: submission.challenge.metrics,
        phase: submission.phase,
        truths,
        limits,
        classify: {
          scorer: submission.challenge.scorer,
          limits,
          fileName: submission.fileName,
          scorerVersion: ctx.runtime.bundle.version,
          // What the score was made of: the truth's checksum, or one over the tasks' (task-truth-files.ts).
          truthSha256: truths[0].task
            ? taskTruthsSha256(truths as { task: string; sha256: string }[])
            : truths[0].sha256,
          truthFileId: truths[0].id,
          primaryMetric: submission.phase.primaryMetric ?? submission.challenge.primaryMetric,
          scoreDigits: submission.phase.scoreDigits,
        },
        stop,
        warm,
      };
      // A prediction file's truth comes down beside it (the other ways fetch theirs when they need it).
      const predictionFile = submission.phase.kind !== "CODE" && submission.challenge.scorer !== PROGRAM;
      if (predictionFile) {
        truthsEarly = downloadTruths(scoring);
        truthsEarly.catch(() => {}); // awaited where it is used
        scoring.truthsReady = truthsEarly;
      }
      // Every object is checked against the SHA-256 recorded when it was
      // stored: bytes changed in storage since are never scored.
      const sent = await platform.storage.downloadToFile(submission.fileKey, submissionPath);
      if (sent.sha256 !== submission.sha256)
        return finish(integrityFailure("submission", submission.sha256, sent.sha256));
      // The warm sandbox serves prediction files only: stopped before the others begin.
      if (!predictionFile) await warm?.stop();
      const end =
        submission.phase.kind === "CODE"
          ? await scoreCodeSubmission(scoring)
          : submission.challenge.scorer === PROGRAM
            ? await scoreWithProgram(scoring)
            : await scorePredictionFile(scoring);
      if (end.kind === "final") return finish(end);
      if (end.kind === "retry") return retryOrFail(end.details);
      if (lost.aborted) return "RELEASED"; // another worker holds it now
      await releaseSubmission(db, submissionId, owner, "worker shut down while scoring");
      return "RELEASED";
    });
  } catch (error) {
    // Storage or database trouble: give it back for a retry with backoff.
    return retryOrFail(String((error as Error).stack ?? error)).catch(() => "RETRY" as const);
  } finally {
    await truthsEarly?.catch(() => null); // no download still writing into the directory
    await warm?.stop(); // unused, or its run over: gone before its directory is
    job.remove();
  }
}

/** A prediction file, by the challenge's built-in scorer: in the slot's warm sandbox when the job fits it. */
async function scorePredictionFile(s: ScoringJob): Promise<JobEnd> {
  const badTruth = await (s.truthsReady ?? downloadTruths(s));
  if (badTruth) return badTruth;
  s.job.seal();
  const job = scorerJob(s);
  let run: SandboxResult;
  if (s.warm && fitsWarm(s.warm.limits, s.limits) && !(await readsHdf5(s.job.path)))
    run = await s.warm.start(scorerArgs(s.runtime, job), s.stop);
  else {
    await s.warm?.stop();
    run = await runScorerCli(s.runtime, job);
  }
  if (s.stop.aborted || run.limit === "aborted") return { kind: "released" };
  return classifyRun(run, s.classify);
}
