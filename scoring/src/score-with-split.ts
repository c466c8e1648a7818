import type { ScoreOptions } from "./challenges/top-tagging.ts";
import { publicMask } from "./leaderboard/public-split.ts";
import type { Prepared } from "./score-files.ts";

export type Split = { key: string; fraction: number };

/**
 * The scores over all units, or with a split: the public units' scores at
 * the top level (with the public curves) and the private units' under
 * `private`, which the platform stores sealed until the private leaderboard
 * is revealed. Nothing at the top level is computed from a private unit.
 */
export function scoreWithSplit(prepared: Prepared, options: ScoreOptions, split: Split | undefined): object {
  if (!split) return prepared.score(undefined, options);
  const mask = publicMask(prepared.unitIds, split.key, split.fraction);
  // The event display (TrackML) shows the participant's own tracks and is kept once, with the public scores.
  const { curves, ...priv } = prepared.score(
    mask.map((v) => 1 - v),
    options,
  ) as { curves?: { roc?: unknown } };
  return { ...prepared.score(mask, options), private: curves?.roc ? { ...priv, curves: { roc: curves.roc } } : priv };
}
