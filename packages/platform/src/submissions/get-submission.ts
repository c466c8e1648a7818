import { accessOf, organizedChallenges } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { submissionSelect } from "./selects.ts";

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
    where: { id, OR: [{ userId: caller.userId }, { challenge: organized }] },
    select: { ...submissionSelect, answer: true, userId: true },
  });
  if (!submission) throw new AppError("NOT_FOUND", "No such submission.");
  // A sealed black-box answer is its owner's alone until the box is opened.
  const { userId, answer, ...shown } = submission;
  const answerShown = userId === caller.userId || submission.phase.openedAt !== null ? answer : null;
  const organizerDetails = await db.submission.findFirst({
    where: { id, challenge: organized },
    select: { internalError: true, attempts: true, truthSha256: true },
  });
  return { ...shown, answer: answerShown, organizerDetails };
}
