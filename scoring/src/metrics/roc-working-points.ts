import { backgroundRejection } from "./background-rejection.ts";
import type { RocPoint } from "./downsample-roc.ts";
import type { RocCurve } from "./roc-curve.ts";

/** The nominal signal efficiencies of the working points: 0.1, 0.2, …, 0.9. */
export const WORKING_POINTS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/**
 * The ROC curve at a few fixed working points: for each nominal εS, the
 * background efficiency εB by the threshold rule of background-rejection.ts
 * (the highest score threshold that passes at least εS of the signal).
 *
 * Why: during a phase, a participant sees nothing of a submission on hidden
 * labels but scalar metrics rounded as the phase says. A full ROC curve, one
 * point per score level, reads out single test labels; nine working points at
 * fixed, nominal εS are nine more scalar metrics of the same kind as 1/εB at
 * εS = 0.3, and the platform rounds them like the scores. The signal
 * efficiency is the nominal one, not the one reached, which would count the
 * signal jets above a threshold that the participant chose.
 *
 * Cost: O(k) per working point over the k curve points.
 */
export function rocWorkingPoints(curve: RocCurve): RocPoint[] {
  return WORKING_POINTS.map((e) => ({
    signalEfficiency: e,
    backgroundEfficiency: backgroundRejection(curve, e).backgroundEfficiency,
  }));
}
