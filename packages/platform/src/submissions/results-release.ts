// When a submission's details on hidden labels may be shown: the rule of
// docs/what-participants-see.md, in one place.
//
// During a phase a participant learns only the scalar metrics of a
// submission, rounded as the phase says. Anything that reads the hidden
// truth out unit by unit (a ROC curve with one point per score level,
// TrackML's per-event scores, which also tell which events are public, the
// true particles of a displayed event) waits until the results are
// released: when the phase has closed and, with a public/private split,
// once its private leaderboard is revealed.
import type { Db } from "../db/client.ts";
import { privateRevealed } from "../leaderboard/reveal-private-leaderboard.ts";
import { roundScores } from "../leaderboard/round-scores.ts";

export interface ReleasePhase {
  id: string;
  challengeId: string;
  closesAt: Date | null;
  publicFraction: number | null;
  privateRevealedAt: Date | null;
  revealAtClose: boolean;
}

/** The fields of a Phase that resultsReleased reads. */
export const releasePhaseSelect = {
  id: true,
  challengeId: true,
  closesAt: true,
  publicFraction: true,
  privateRevealedAt: true,
  revealAtClose: true,
} as const;

/** Whether per-unit details on the phase's hidden labels may be shown (revealing a due private board first). */
export async function resultsReleased(db: Db, phase: ReleasePhase, now = new Date()): Promise<boolean> {
  if (!phase.closesAt || phase.closesAt > now) return false;
  if (phase.publicFraction === null) return true;
  return privateRevealed(db, phase);
}

/**
 * What of a submission's stored curves is shown before the release: the
 * participant's own tracks of the event display (their data, no truth) and
 * the ROC curve at fixed working points, rounded like the phase's scores.
 * Never the full ROC curve nor the per-event scores.
 */
export function curvesBeforeRelease(curves: unknown, scoreDigits: number | null): Record<string, unknown> | null {
  if (!curves || typeof curves !== "object") return null;
  const { display, workingPoints } = curves as { display?: unknown; workingPoints?: unknown };
  const shown = {
    ...(display === undefined ? {} : { display }),
    ...(workingPoints === undefined ? {} : { workingPoints: roundScores(workingPoints, scoreDigits) }),
  };
  return Object.keys(shown).length ? shown : null;
}
