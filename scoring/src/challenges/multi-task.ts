// A multi-task phase (DarkMachines style): several tasks, each scored by a
// built-in scorer against its own truth file, the results side by side
// under `<task>.<metric>` keys, and optionally the mean of one metric across
// tasks (`mean.<metric>`). The average rank across tasks depends on every
// other submission, so the board computes it (metrics/average-rank.ts).
//
// The submission is one file that every task reads (tasks on the same test
// ids), or a .zip / .tar / .tar.gz archive with one member per task, named
// `<task>.csv` (or `<task>.csv.gz`), at its top or in one folder.
import path from "node:path";
import { decodeReplicates, encodeReplicates } from "../metrics/paired-replicates.ts";
import { isTar, isZip, readTar, readZip } from "../parse/archive-entries.ts";
import { InputError } from "../parse/input-error.ts";
import { DEFAULT_LIMITS, type InputFile, readInput } from "../parse/read-input.ts";
import { readHead } from "../parse/read-head.ts";
import { type Split, scoreWithSplit } from "../score-with-split.ts";
import type { Prepared } from "../score-files.ts";
import type { ScoreOptions } from "./top-tagging.ts";
import { aggregated, MEAN, type MultiTaskConfig, parseMultiTaskConfig } from "./multi-task-config.ts";

type Scores = Record<string, unknown> & { private?: Scores };
type ScorerTable = Record<string, (truth: string, submission: InputFile, config: unknown) => Promise<Prepared>>;

/** What each task reads: the submitted file itself, or its member of a submitted archive. */
async function taskInputs(submission: string, c: MultiTaskConfig): Promise<Map<string, InputFile>> {
  const head = await readHead(submission, 512);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const archive = isZip(head) || (!gzipped && isTar(await readHead(submission, 262)));
  let members: Map<string, Uint8Array> | undefined;
  const label = path.basename(submission);
  if (archive || gzipped) {
    const data = await readInput(submission, DEFAULT_LIMITS, label);
    if (isZip(data)) members = readZip(data, label, DEFAULT_LIMITS);
    else if (isTar(data)) members = readTar(data, label);
  }
  if (!members) return new Map(c.tasks.map((t) => [t.key, submission]));
  // One folder around the members (as `zip -r folder.zip folder` makes) is looked through.
  const names = [...members.keys()];
  const folder =
    names.length && names.every((n) => n.startsWith(`${names[0].split("/")[0]}/`)) ? `${names[0].split("/")[0]}/` : "";
  const byName = new Map(names.map((n) => [n.slice(folder.length), n]));
  const expected = c.tasks.map((t) => `${t.key}.csv`);
  for (const name of byName.keys())
    if (!c.tasks.some((t) => name === `${t.key}.csv` || name === `${t.key}.csv.gz`))
      throw new InputError(
        `the archive holds ${name}, which is no task's file (expected ${expected.join(", ")})`,
        label,
      );
  const inputs = new Map<string, InputFile>();
  for (const t of c.tasks) {
    const name = [`${t.key}.csv`, `${t.key}.csv.gz`].find((n) => byName.has(n));
    if (!name) throw new InputError(`the archive has no ${t.key}.csv for the task "${t.title}"`, label);
    inputs.set(t.key, { name, data: members.get(byName.get(name)!)! });
  }
  return inputs;
}

/** One side's scores (public, or private) of every task, flattened under `<task>.` keys, with the mean across tasks. */
function combine(c: MultiTaskConfig, sides: Scores[]): Scores {
  const out: Scores = {};
  const unbounded: string[] = [];
  const reasons: Record<string, string> = {};
  const ci: Record<string, unknown> = {};
  const replicates: Record<string, string> = {};
  c.tasks.forEach((t, i) => {
    const { curves: _curves, events: _events, private: _private, ...scores } = sides[i];
    for (const [k, v] of Object.entries(scores)) {
      if (k === "unbounded") for (const u of v as string[]) unbounded.push(`${t.key}.${u}`);
      else if (k === "reasons")
        for (const [m, why] of Object.entries(v as Record<string, string>)) reasons[`${t.key}.${m}`] = why;
      else if (k === "ci") for (const [m, iv] of Object.entries(v as object)) ci[`${t.key}.${m}`] = iv;
      else if (k === "replicates")
        for (const [m, r] of Object.entries(v as Record<string, string>)) replicates[`${t.key}.${m}`] = r;
      else out[`${t.key}.${k}`] = v;
    }
  });
  if (c.aggregate) {
    const m = c.aggregate.metric;
    const keys = aggregated(c).map((t) => `${t.key}.${m}`);
    const values = keys.map((k) => out[k]);
    const key = `${MEAN}.${m}`;
    const finite = values.every((v) => typeof v === "number") && !keys.some((k) => unbounded.includes(k));
    out[key] = finite ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : null;
    if (!finite) reasons[key] = "undefined: a task's value is missing or unbounded";
    // The mean of paired replicates is paired: the board's intervals and ties work for it as for a task's metric.
    const each = keys.map((k) => replicates[k]);
    if (finite && each.every((r) => r !== undefined)) {
      const decoded = each.map((r) => decodeReplicates(r));
      if (decoded.every((d) => d.length === decoded[0].length)) {
        const mean = new Float64Array(decoded[0].length);
        for (const d of decoded) for (let j = 0; j < d.length; j++) mean[j] += d[j] / decoded.length;
        replicates[key] = encodeReplicates(mean);
      }
    }
  }
  if (unbounded.length) out.unbounded = unbounded;
  if (Object.keys(reasons).length) out.reasons = reasons;
  if (Object.keys(ci).length) out.ci = ci;
  if (Object.keys(replicates).length) out.replicates = replicates;
  return out;
}

/**
 * Scores every task (`truth`: a folder holding one file per task, named by
 * the task's key, or those paths by key) and combines them; with a split,
 * each task's units are split by the same key and the private sides combine
 * under `private`.
 */
export async function scoreMultiTask(
  scorers: ScorerTable,
  truth: string | Record<string, string>,
  submission: string,
  rawConfig: unknown,
  options: ScoreOptions,
  split: Split | undefined,
): Promise<Scores> {
  const c = parseMultiTaskConfig(rawConfig);
  const inputs = await taskInputs(submission, c);
  const results: Scores[] = [];
  for (const t of c.tasks) {
    const truthFile = typeof truth === "string" ? path.join(truth, t.key) : truth[t.key];
    try {
      const prepared = await scorers[t.scorer](truthFile, inputs.get(t.key)!, t.config);
      results.push(scoreWithSplit(prepared, options, split) as Scores);
    } catch (error) {
      if (error instanceof InputError) error.message = `task ${t.key}: ${error.message}`;
      throw error;
    }
  }
  const combined = combine(c, results);
  if (split)
    combined.private = combine(
      c,
      results.map((r) => r.private ?? {}),
    );
  return combined;
}
