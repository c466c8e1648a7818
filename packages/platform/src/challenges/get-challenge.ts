import type { FileAccess } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { isOrganizer } from "./challenge-access.ts";
import { challengeSummarySelect, fileSelect, phaseSelect } from "./selects.ts";
import { currentPhase, submissionsLeftToday } from "../submissions/submission-limits.ts";

/** File levels a caller may see listed (and download). TRUTH is never listed. */
export function visibleFileLevels(signedIn: boolean, organizer: boolean): FileAccess[] {
  if (organizer) return ["PUBLIC", "PARTICIPANTS", "ORGANIZERS"];
  return signedIn ? ["PUBLIC", "PARTICIPANTS"] : ["PUBLIC"];
}

export async function getChallenge(platform: Platform, caller: Caller, slug: string) {
  const { db } = platform;
  const challenge = await db.challenge.findUnique({
    where: { slug },
    select: { ...challengeSummarySelect, description: true, submissionFormat: true, phases: { select: phaseSelect, orderBy: { opensAt: "asc" } } },
  });
  if (!challenge) throw new AppError("NOT_FOUND", `No challenge "${slug}".`);
  const organizer = await isOrganizer(db, caller, challenge.id);
  const datasets = await db.dataset.findMany({
    where: { challengeId: challenge.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      // Access in the query: rows the caller may not see are never read.
      files: { where: { access: { in: visibleFileLevels(caller !== null, organizer) } }, select: fileSelect, orderBy: { name: "asc" } },
    },
  });
  const phase = currentPhase(challenge.phases);
  return {
    ...challenge,
    datasets: datasets.filter((d) => d.files.length > 0),
    isOrganizer: organizer,
    currentPhase: phase,
    submissionsLeftToday: caller && phase ? await submissionsLeftToday(db, caller.userId, phase) : null,
  };
}
