// Before a new version of a file replaces a phase's truth or a black box's
// answer key, it is read as the scorer (or the box's opening) will read it.
// A file in a layout the scorer cannot read is refused with where and what
// (file, line and column, or HDF5 key and column), and the live version
// stays: nothing is published half-way.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTruthFile, CHECKED_SCORERS, type TruthSummary } from "@unblind/scoring/check-truth.ts";
import { InputError } from "@unblind/scoring/parse/input-error.ts";
import { MAX_KEY_BYTES, parseAnswerKey } from "../black-boxes/answer-key.ts";
import { AppError } from "../errors/app-error.ts";
import type { Platform } from "../platform.ts";
import { liveFile } from "./live-file.ts";
import { taskTruthPhases } from "./task-truth-files.ts";
import { parseMultiTaskConfig } from "@unblind/scoring/challenges/multi-task-config.ts";
import { parseBlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";

/** What the new version will be bound to: the phases it is the truth of, the boxes it is the key of. */
async function bindingsOf(db: Platform["db"], v: { datasetId: string; name: string }) {
  const live = await db.datasetFile.findFirst({
    where: { datasetId: v.datasetId, name: v.name, ...liveFile },
    select: {
      phases: { select: { name: true, challenge: { select: { scorer: true, scoringConfig: true } } } },
      answerKeyOf: { select: { name: true } },
      dataset: { select: { challenge: { select: { scoringConfig: true, blackBox: true } } } },
    },
  });
  const challenge = live?.dataset.challenge;
  const truthOf: { name: string; scorer: string; config: unknown }[] = (live?.phases ?? []).map((p) => ({
    name: p.name,
    scorer: p.challenge.scorer,
    config: p.challenge.scoringConfig ?? undefined,
  }));
  // A task's truth is read by the task's own scorer and settings.
  const tasks = live ? await taskTruthPhases(db, v) : [];
  if (tasks.length) {
    const config = parseMultiTaskConfig(challenge?.scoringConfig);
    for (const p of tasks) {
      const task = config.tasks.find((t) => t.key === p.task);
      if (task) truthOf.push({ name: `${p.name} (task ${p.task})`, scorer: task.scorer, config: task.config });
    }
  }
  return { truthOf, keyOf: live?.answerKeyOf ?? [], blackBox: challenge?.blackBox ?? null };
}

/**
 * Checks the stored object `key`, the next version of `name`; returns the
 * truth summary when it is a phase's truth, or throws a BAD_REQUEST naming
 * the problem. Files bound to nothing are not checked.
 */
export async function checkTruthVersion(
  { db, storage }: Pick<Platform, "db" | "storage">,
  v: { datasetId: string; name: string; key: string; size: number },
): Promise<TruthSummary | null> {
  const { truthOf, keyOf, blackBox } = await bindingsOf(db, v);
  if (!truthOf.length && !keyOf.length) return null;
  const refuse = (problem: string, of: string): never => {
    throw new AppError(
      "BAD_REQUEST",
      `${problem}. It would replace ${of}, so it was not published; the live version stays.`,
    );
  };
  if (keyOf.length) {
    if (v.size > MAX_KEY_BYTES)
      refuse(`${v.name}: the answer key is larger than 1 MB`, `the answer key of ${names(keyOf)}`);
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.getStream(v.key)) chunks.push(chunk as Buffer);
    const parsed = parseAnswerKey(Buffer.concat(chunks), parseBlackBoxConfig(blackBox).signal);
    if ("problem" in parsed) refuse(`${v.name}: the answer key ${parsed.problem}`, `the answer key of ${names(keyOf)}`);
  }
  if (!truthOf.length) return null;
  const dir = await mkdtemp(path.join(tmpdir(), "unblind-truth-check-"));
  try {
    const file = path.join(dir, v.name);
    await storage.downloadToFile(v.key, file);
    let summary: TruthSummary | null = null;
    // One challenge: its scorer and settings are the same for every phase (a task's, for every phase of the task).
    const { scorer, config } = truthOf[0];
    if (CHECKED_SCORERS.includes(scorer)) {
      try {
        summary = await checkTruthFile(scorer, file, config);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        refuse(`${error.located()} (read as the ${scorer} scorer reads its truth)`, `the truth of ${names(truthOf)}`);
      }
    }
    return summary;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const names = (phases: { name: string }[]) => phases.map((p) => p.name).join(", ");
