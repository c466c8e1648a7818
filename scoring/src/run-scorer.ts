// One scoring run by scorer name, as the CLI (in the sandbox) and a bundle's
// dry run both do it: a multi-task phase scores each of its tasks
// (challenges/multi-task.ts), any other scorer its one truth file.
import type { ScoreOptions } from "./challenges/top-tagging.ts";
import { scoreMultiTask } from "./challenges/multi-task.ts";
import { scorers } from "./score-files.ts";
import { type Split, scoreWithSplit } from "./score-with-split.ts";

export const MULTI_TASK = "multi-task";
/** Every scorer the CLI runs. */
export const SCORER_NAMES = [...Object.keys(scorers), MULTI_TASK];

/**
 * `truth`: the truth file, or for a multi-task phase a folder of one file per
 * task named by its key (or those paths by key).
 */
export async function runScorer(
  scorer: string,
  truth: string | Record<string, string>,
  submission: string,
  config: unknown,
  options: ScoreOptions = {},
  split?: Split,
): Promise<Record<string, unknown>> {
  if (scorer === MULTI_TASK) return scoreMultiTask(scorers, truth, submission, config, options, split);
  const score = scorers[scorer];
  if (!score) throw new Error(`unknown scorer "${scorer}" (known: ${SCORER_NAMES.join(", ")})`);
  if (typeof truth !== "string") throw new Error(`the ${scorer} scorer reads one truth file`);
  return scoreWithSplit(await score(truth, submission, config), options, split) as Record<string, unknown>;
}
