// A participant chooses up to K of their scored submissions for the private
// leaderboard (K = the phase's finalSelections); with none chosen, their K
// best by the public ranking count. Choices close with the phase.
import { recordAudit } from "../audit/record-audit.ts";
import { accessOf, requireSignedIn, visibleChallenges } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { refreshLeaderboard } from "./refresh-leaderboard.ts";

export async function selectFinalSubmission(
  { db }: Platform,
  caller: Caller,
  input: { submissionId: string; selected: boolean },
) {
  requireSignedIn(caller);
  const access = await accessOf(db, caller);
  const submission = await db.submission.findFirst({
    // Only the owner's own submissions, in a challenge they still see.
    where: { id: input.submissionId, userId: caller.userId, challenge: visibleChallenges(access) },
    select: {
      id: true,
      status: true,
      selectedAt: true,
      challengeId: true,
      phase: {
        select: {
          id: true,
          name: true,
          kind: true,
          publicFraction: true,
          finalSelections: true,
          closesAt: true,
          privateRevealedAt: true,
        },
      },
    },
  });
  if (!submission) throw new AppError("NOT_FOUND", "No such submission.");
  const { phase } = submission;
  if (phase.kind === "BLACK_BOX" || phase.publicFraction === null)
    throw new AppError("BAD_REQUEST", `${phase.name} has no private leaderboard, so there is nothing to select for.`);
  if (phase.privateRevealedAt || (phase.closesAt && phase.closesAt <= new Date()))
    throw new AppError("PHASE_CLOSED", `${phase.name} has closed; final selections are locked.`);
  if (input.selected && submission.status !== "SCORED")
    throw new AppError(
      "BAD_REQUEST",
      `Only scored submissions can be selected; this one is ${submission.status.toLowerCase()}.`,
    );
  const result = await db.$transaction(async (tx) => {
    // Serialise one participant's selections so two requests cannot pass the limit together.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`selection:${phase.id}:${caller.userId}`}))`;
    if (input.selected && !submission.selectedAt) {
      const chosen = await tx.submission.count({
        where: { phaseId: phase.id, userId: caller.userId, selectedAt: { not: null } },
      });
      if (chosen >= phase.finalSelections)
        throw new AppError(
          "CONFLICT",
          `You have already selected ${chosen} of ${phase.finalSelections} final submission(s); unselect one first.`,
        );
    }
    const selectedAt = input.selected ? (submission.selectedAt ?? new Date()) : null;
    await tx.submission.update({ where: { id: submission.id }, data: { selectedAt } });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: input.selected ? "submission.selected" : "submission.unselected",
      challengeId: submission.challengeId,
      subjectType: "Submission",
      subjectId: submission.id,
      data: { phase: phase.name },
    });
    const selected = await tx.submission.count({
      where: { phaseId: phase.id, userId: caller.userId, selectedAt: { not: null } },
    });
    return {
      submissionId: submission.id,
      selected: selectedAt !== null,
      selectedCount: selected,
      maxSelections: phase.finalSelections,
    };
  });
  await refreshLeaderboard(db, phase.id);
  return result;
}
