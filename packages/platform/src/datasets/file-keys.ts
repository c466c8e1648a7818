import { organizedChallenge } from "../challenges/challenge-access.ts";
import type { Caller, Platform } from "../platform.ts";

/** Where each live file of a challenge is stored (object keys), for its organizers' operations. */
export async function fileKeys({ db }: Platform, caller: Caller, slug: string): Promise<Map<string, string>> {
  const challenge = await organizedChallenge(db, caller, { slug }, { id: true }, "see where its files are stored");
  const files = await db.datasetFile.findMany({
    where: { dataset: { challengeId: challenge.id } },
    select: { id: true, key: true },
  });
  return new Map(files.map((f) => [f.id, f.key]));
}
