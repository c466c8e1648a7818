// The live versions of a challenge's files named in its settings (a scoring
// program, a code phase's inputs, sample inputs and training file), by name
// across its datasets: a new version published under the name is used from
// then on.
import type { Db } from "../db/client.ts";
import { liveFile } from "./live-file.ts";

export interface LiveChallengeFile {
  id: string;
  name: string;
  key: string;
  sha256: string;
  version: number;
}

/** Each name's live file; throws naming one that is missing or ambiguous. */
export async function liveChallengeFiles(
  db: Pick<Db, "datasetFile">,
  challengeId: string,
  names: readonly string[],
): Promise<Map<string, LiveChallengeFile>> {
  const files = await db.datasetFile.findMany({
    where: { name: { in: [...new Set(names)] }, dataset: { challengeId }, ...liveFile },
    select: { id: true, name: true, key: true, sha256: true, version: true },
  });
  const byName = new Map<string, LiveChallengeFile>();
  for (const name of names) {
    const found = files.filter((f) => f.name === name);
    if (found.length !== 1)
      throw new Error(
        `the file ${name}: ${found.length ? "more than one live file has that name" : "no live file has that name"}`,
      );
    byName.set(name, found[0]);
  }
  return byName;
}
