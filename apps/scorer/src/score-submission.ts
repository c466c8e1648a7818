// Scores one submission. Every path ends in a final state (SCORED, INVALID or
// FAILED) or rethrows for a retry; the temporary directory is always removed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Platform } from "@unblind/platform/platform.ts";
import { recordAudit } from "@unblind/platform/audit/record-audit.ts";
import type { Prisma } from "@unblind/platform/db/generated/client.ts";
import { runScorerCli } from "./run-scorer-cli.ts";

export type ScoreOutcome = "SCORED" | "INVALID" | "FAILED" | "RETRY" | "SKIPPED";

const FAILED_FOR_PARTICIPANT = "Scoring failed because of an internal error. The organizers can see the details and may re-score it.";

export async function scoreSubmission(platform: Platform, submissionId: string, attempt: { isLast: boolean; timeoutMs?: number }): Promise<ScoreOutcome> {
  const { db, storage } = platform;
  // Atomic claim: only a QUEUED (or a SCORING one whose worker died) moves on.
  const claimed = await db.submission.updateMany({
    where: { id: submissionId, status: { in: ["QUEUED", "SCORING"] } },
    data: { status: "SCORING", scoringStartedAt: new Date(), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "SKIPPED";
  const submission = await db.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      fileKey: true,
      fileName: true,
      challengeId: true,
      challenge: { select: { scorer: true } },
      phase: { select: { truthFile: { select: { key: true, sha256: true, name: true } } } },
    },
  });

  const finish = async (status: "SCORED" | "INVALID" | "FAILED", data: Prisma.SubmissionUpdateManyMutationInput, audit: Prisma.InputJsonValue) => {
    await db.$transaction(async (tx) => {
      // Conditional on SCORING: a re-run after a lost lease never writes twice.
      const done = await tx.submission.updateMany({ where: { id: submissionId, status: "SCORING" }, data: { ...data, status, finishedAt: new Date() } });
      if (done.count === 1) {
        await recordAudit(tx, { actorId: null, action: `submission.${status.toLowerCase()}`, challengeId: submission.challengeId, subjectType: "Submission", subjectId: submissionId, data: audit });
      }
    });
    return status;
  };

  const truth = submission.phase.truthFile;
  if (!truth) {
    return finish("FAILED", { errorMessage: FAILED_FOR_PARTICIPANT, internalError: "the phase has no truth file" }, { reason: "no truth file" });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-job-"));
  try {
    const submissionPath = path.join(dir, submission.fileName);
    const truthPath = path.join(dir, `truth-${path.basename(truth.name)}`);
    await storage.downloadToFile(submission.fileKey, submissionPath);
    await storage.downloadToFile(truth.key, truthPath);
    const out = await runScorerCli({ challenge: submission.challenge.scorer, truth: truthPath, submission: submissionPath, timeoutMs: attempt.timeoutMs ?? 10 * 60 * 1000 });

    if (out.exitCode === 0) {
      const { curves, scorerVersion, ...scores } = JSON.parse(out.stdout) as { curves?: Prisma.InputJsonValue; scorerVersion: string } & Record<string, unknown>;
      return await finish(
        "SCORED",
        { scores: scores as Prisma.InputJsonValue, curves: curves ?? undefined, scorerVersion, truthSha256: truth.sha256, errorMessage: null, errorLine: null, errorColumn: null },
        { scorerVersion, truthSha256: truth.sha256 },
      );
    }
    if (out.exitCode === 2) {
      const { error } = JSON.parse(out.stdout) as { error: { message: string; line: number | null; column: number | null; file: string } };
      const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ""})` : "";
      return await finish("INVALID", { errorMessage: `${error.message}${where}`, errorLine: error.line, errorColumn: error.column }, { line: error.line, column: error.column });
    }
    const reason = out.timedOut ? "time limit exceeded" : out.signal ? `killed by ${out.signal}` : `exit code ${out.exitCode}`;
    const details = `${reason}\n${out.stderr}`;
    if (out.timedOut) {
      return await finish("FAILED", { errorMessage: "Scoring took longer than the time limit.", internalError: details }, { reason });
    }
    if (!attempt.isLast) {
      await db.submission.updateMany({ where: { id: submissionId, status: "SCORING" }, data: { internalError: details } });
      return "RETRY";
    }
    return await finish("FAILED", { errorMessage: FAILED_FOR_PARTICIPANT, internalError: details }, { reason });
  } catch (error) {
    if (!attempt.isLast) throw error; // storage or database trouble: let the queue retry with backoff
    return finish("FAILED", { errorMessage: FAILED_FOR_PARTICIPANT, internalError: String((error as Error).stack ?? error) }, { reason: "exception" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
