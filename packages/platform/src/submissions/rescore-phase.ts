// An organizer re-scores every finished submission of a phase, e.g. after a
// scorer fix or a corrected truth file. Each goes back to QUEUED (its old
// result stays in the audit log) and is scored again; the new score records
// the scorer version and truth checksum that produced it.
import { recordAudit } from "../audit/record-audit.ts";
import { isOrganizer, requireSignedIn } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { enqueueScoring } from "../jobs/definitions/score-submission.ts";
import { hasScorableFile } from "../black-boxes/submit-answer.ts";
import { refreshLeaderboard } from "../leaderboard/refresh-leaderboard.ts";

export async function rescorePhase(
  platform: Platform,
  caller: Caller,
  input: { phaseId: string },
): Promise<{ requeued: number }> {
  requireSignedIn(caller);
  const { db } = platform;
  const phase = await db.phase.findUnique({ where: { id: input.phaseId }, select: { id: true, challengeId: true } });
  // Not an organizer: the same answer as for a phase that does not exist.
  if (!phase || !(await isOrganizer(db, caller, phase.challengeId))) throw new AppError("NOT_FOUND", "No such phase.");

  const ids = await db.$transaction(async (tx) => {
    const rows = await tx.submission.findMany({
      where: { phaseId: phase.id, status: { in: ["SCORED", "INVALID", "FAILED"] } },
      select: { id: true, sha256: true, answerSha256: true },
    });
    // A black-box answer without an anomaly-score file has nothing for the scorer: its pulls stay.
    const ids = rows.filter(hasScorableFile).map((r) => r.id);
    await tx.submission.updateMany({
      where: { id: { in: ids }, status: { in: ["SCORED", "INVALID", "FAILED"] } },
      data: {
        status: "QUEUED",
        queuedAt: new Date(),
        attempts: 0,
        leaseOwner: null,
        leaseExpiresAt: null,
        finishedAt: null,
      },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: "phase.rescored",
      challengeId: phase.challengeId,
      subjectType: "Phase",
      subjectId: phase.id,
      data: { submissions: ids.length },
    });
    return ids;
  });
  // The re-queued scores leave the leaderboard until they are scored again.
  await refreshLeaderboard(db, phase.id);
  // A failed send leaves the submission QUEUED, which the scorers' sweeper picks up.
  const boss = await platform.queue();
  for (const id of ids) await enqueueScoring({ db: platform.db, boss }, id).catch(() => {});
  return { requeued: ids.length };
}
