import { accessOf, organizedChallenges, ownChallenges } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { privateRevealed } from "../leaderboard/reveal-private-leaderboard.ts";
import { failedGates, failedGateText, readGates } from "../leaderboard/gates.ts";
import type { Caller, Platform } from "../platform.ts";
import { readCurves, readScores, type StoredCurves, type StoredScores } from "../scorers/stored-results.ts";
import { curvesBeforeRelease, releasePhaseSelect, resultsReleased, type ReleasePhase } from "./results-release.ts";
import { submissionSelect, typedSubmission } from "./selects.ts";

/**
 * One submission, for its owner or an organizer of its challenge. Anyone else
 * gets NOT_FOUND, the same answer as for an id that does not exist.
 * Organizers also get the scoring details (internal errors, attempts, truth
 * checksum) that participants never see.
 */
export async function getSubmission({ db }: Platform, caller: Caller, id: string) {
  if (!caller) throw new AppError("NOT_FOUND", "No such submission.");
  const organized = organizedChallenges(await accessOf(db, caller));
  const submission = await db.submission.findFirst({
    where: { id, OR: [{ userId: caller.userId, challenge: ownChallenges(caller) }, { challenge: organized }] },
    select: {
      ...submissionSelect,
      answer: true,
      userId: true,
      phaseId: true,
      detailKey: true,
      challenge: { select: { ...submissionSelect.challenge.select, gates: true } },
    },
  });
  if (!submission) throw new AppError("NOT_FOUND", "No such submission.");
  // A sealed black-box answer is its owner's alone until the box is opened.
  const { userId, answer, phaseId, curves, detailKey, ...typed } = typedSubmission(submission);
  const { gates, ...challenge } = typed.challenge;
  const shown = { ...typed, challenge };
  const answerShown = userId === caller.userId || submission.phase.openedAt !== null ? answer : null;
  const organizerDetails = await db.submission.findFirst({
    where: { id, challenge: organized },
    select: { internalError: true, attempts: true, truthSha256: true, organizerLog: true },
  });
  const phase = await db.phase.findUniqueOrThrow({
    where: { id: phaseId },
    select: { ...releasePhaseSelect, scoreDigits: true },
  });
  // Organizers hold the truth; a participant gets the details only once the results are released.
  const released = organizerDetails !== null || (await resultsReleased(db, phase));
  return {
    ...shown,
    curves: readCurves(released ? curves : curvesBeforeRelease(curves, phase.scoreDigits)),
    /** False while the full curves and per-event scores are held back (results-release.ts). */
    detailsReleased: released,
    /** The gates this scored submission fails, in words: it is shown, never ranked (leaderboard/gates.ts). */
    failedGates:
      shown.status === "SCORED" && shown.scores ? failedGates(readGates(gates), shown.scores).map(failedGateText) : [],
    answer: answerShown,
    /** The scoring program wrote a detailed page (GET …/detailed: shown in a sandboxed frame). */
    hasDetail: detailKey !== null,
    organizerDetails,
    ...(await revealedPrivateScores(db, id, phase)),
  };
}

/**
 * The scores and curves on the private units, only once the phase's private
 * leaderboard is revealed (absent before, not even null).
 */
async function revealedPrivateScores(
  db: Db,
  submissionId: string,
  phase: ReleasePhase,
): Promise<{ privateScores?: StoredScores | null; privateCurves?: StoredCurves | null }> {
  if (!(await privateRevealed(db, phase))) return {};
  const sealed = await db.privateScore.findUnique({ where: { submissionId }, select: { scores: true, curves: true } });
  return sealed
    ? {
        privateScores: readScores(sealed.scores),
        privateCurves: readCurves(sealed.curves),
      }
    : {};
}
