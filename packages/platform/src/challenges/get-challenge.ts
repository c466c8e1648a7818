import type { Caller, Platform } from "../platform.ts";
import { accessOf, visibleChallenge, visibleFileLevels } from "./challenge-access.ts";
import { liveFile } from "../datasets/live-file.ts";
import { challengeStatus } from "./challenge-status.ts";
import { challengeSummarySelect, fileSelect, phaseSelect } from "./selects.ts";
import { currentPhase, submissionsLeftToday } from "../submissions/submission-limits.ts";

export async function getChallenge(platform: Platform, caller: Caller, slug: string) {
  const { db } = platform;
  const access = await accessOf(db, caller);
  const { challenge, ...rights } = await visibleChallenge(
    db,
    access,
    { slug },
    {
      ...challengeSummarySelect,
      description: true,
      submissionFormat: true,
      scorer: true,
      // The FPGA track's device and budget: public rules, not secrets.
      scoringConfig: true,
      phases: { select: phaseSelect, orderBy: [{ opensAt: "asc" }, { kind: "asc" }, { name: "asc" }] },
    },
  );
  const datasets = await db.dataset.findMany({
    where: { challengeId: challenge.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      // Access in the query: rows the caller may not see are never read.
      files: {
        where: { access: { in: visibleFileLevels(rights) }, ...liveFile },
        select: fileSelect,
        orderBy: { name: "asc" },
      },
    },
  });
  const phase = currentPhase(challenge.phases.filter((p) => p.kind === "STANDARD"));
  const { eligibleGroup: _e, alsoRequiredGroup: _a, ...shown } = challenge;
  return {
    ...shown,
    datasets: datasets.filter((d) => d.files.length > 0),
    isOrganizer: rights.organizer,
    /** Why the caller may not submit (not eligible, or not signed in); null when they may. */
    notEligibleBecause: rights.notEligibleBecause,
    currentPhase: phase,
    status: challengeStatus(challenge),
    submissionsLeftToday: caller && phase ? await submissionsLeftToday(db, caller.userId, phase) : null,
    /** Code phases open now (they take programs, by phase name), with the caller's submissions left today. */
    openCodePhases: await Promise.all(
      challenge.phases
        .filter((p) => p.kind === "CODE" && currentPhase([p]))
        .map(async (p) => ({ ...p, leftToday: caller ? await submissionsLeftToday(db, caller.userId, p) : null })),
    ),
  };
}
