// A bundle's truth files and answer keys, read before anything is created,
// exactly as the scorer (or the box's opening) will read them: a truth whose
// columns do not match the scoring definition, or a key without its signal
// count, is a problem of the bundle, located in the file (line and column,
// or HDF5 key and column). The same checks guard every later new version
// (datasets/check-truth-version.ts).
import { readFileSync } from "node:fs";
import type { BundleProblem, ChallengeBundle } from "@unblind/challenges/shared/bundle/read-bundle.ts";
import { parseBlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { parseMultiTaskConfig } from "@unblind/scoring/challenges/multi-task-config.ts";
import { CHECKED_SCORERS, checkTruthFile } from "@unblind/scoring/check-truth.ts";
import { InputError } from "@unblind/scoring/parse/input-error.ts";
import { parseAnswerKey } from "../black-boxes/answer-key.ts";
import { bundleRefusal } from "./bundle-refusal.ts";

export async function checkBundleTruths(bundle: ChallengeBundle): Promise<void> {
  const def = bundle.definition;
  const problems: BundleProblem[] = [];
  /** The file inside the bundle, and its path there (as challenge.yaml names it). */
  const inBundle = (name: string) => {
    const file = bundle.files.find((f) => f.name === name);
    const rel = bundle.yaml.datasets.flatMap((d) => d.files ?? []).find((f) => f.name === name)?.path;
    return file && rel ? { path: file.path, rel } : null;
  };
  const checkTruth = async (name: string, scorer: string, config: unknown, of: string) => {
    const file = inBundle(name);
    if (!file || !CHECKED_SCORERS.includes(scorer)) return;
    try {
      await checkTruthFile(scorer, file.path, config);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push({
        file: file.rel,
        line: error.line,
        column: error.column,
        message: `${error.message} (read as the ${scorer} scorer reads ${of})`,
      });
    }
  };
  const tasks = def.scorer === "multi-task" ? parseMultiTaskConfig(def.scoringConfig).tasks : [];
  const signal = parseBlackBoxConfig(def.blackBox).signal;
  for (const p of def.phases) {
    if (p.truthFile) await checkTruth(p.truthFile, def.scorer, def.scoringConfig, `the truth of ${p.name}`);
    for (const [task, name] of Object.entries(p.taskTruthFiles ?? {})) {
      const t = tasks.find((x) => x.key === task);
      if (t) await checkTruth(name, t.scorer, t.config, `the truth of ${p.name}, task ${task}`);
    }
    const key = p.answerKeyFile ? inBundle(p.answerKeyFile) : null;
    if (key) {
      const parsed = parseAnswerKey(readFileSync(key.path), signal);
      if ("problem" in parsed)
        problems.push({ file: key.rel, message: `the answer key of ${p.name} ${parsed.problem}` });
    }
  }
  if (problems.length) throw bundleRefusal(problems);
}
