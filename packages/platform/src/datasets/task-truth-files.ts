// A multi-task phase's truth files: each task's file named in Phase.taskTruths,
// resolved to the live TRUTH-level version of that name among the challenge's
// datasets (a new version published under the name is used from then on, as a
// phase's single truth file is rebound by publish-file-version.ts).
import { createHash } from "node:crypto";
import type { Db } from "../db/client.ts";
import { liveFile } from "./live-file.ts";

export interface TaskTruthFile {
  task: string;
  id: string;
  name: string;
  key: string;
  sha256: string;
}

/** The task's files in the order of `taskTruths`; throws naming a task whose file is missing or ambiguous. */
export async function taskTruthFiles(
  db: Pick<Db, "datasetFile">,
  challengeId: string,
  taskTruths: Record<string, string>,
): Promise<TaskTruthFile[]> {
  const names = [...new Set(Object.values(taskTruths))];
  const files = await db.datasetFile.findMany({
    where: { name: { in: names }, access: "TRUTH", dataset: { challengeId }, ...liveFile },
    select: { id: true, name: true, key: true, sha256: true },
  });
  return Object.entries(taskTruths).map(([task, name]) => {
    const found = files.filter((f) => f.name === name);
    if (found.length !== 1)
      throw new Error(
        `the task ${task}'s truth file ${name}: ${found.length ? "more than one live truth-level file has that name" : "no live truth-level file has that name"}`,
      );
    return { task, ...found[0] };
  });
}

/** One checksum for the set of task truths a submission was scored against: SHA-256 over "task sha256" lines. */
export function taskTruthsSha256(files: readonly Pick<TaskTruthFile, "task" | "sha256">[]): string {
  return createHash("sha256")
    .update(files.map((f) => `${f.task} ${f.sha256}\n`).join(""))
    .digest("hex");
}

/** The multi-task phases whose task truth is named `name`, for the dataset's challenge: what a new version replaces. */
export async function taskTruthPhases(
  db: Pick<Db, "$queryRaw">,
  v: { datasetId: string; name: string },
): Promise<{ id: string; name: string; openedAt: Date | null; task: string }[]> {
  return db.$queryRaw`
    SELECT p.id, p.name, p."openedAt", t.key AS task
    FROM "Phase" p JOIN "Dataset" d ON d."challengeId" = p."challengeId", jsonb_each_text(p."taskTruths") t
    WHERE d.id = ${v.datasetId} AND p."taskTruths" IS NOT NULL AND t.value = ${v.name}`;
}
