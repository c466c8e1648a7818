import { accessOf, visibleChallenge } from "../challenges/challenge-access.ts";
import type { Caller, Platform } from "../platform.ts";
import { submissionSelect, typedSubmission } from "./selects.ts";

export async function listMySubmissions({ db }: Platform, caller: Caller, challengeSlug: string) {
  const { challenge } = await visibleChallenge(db, await accessOf(db, caller), { slug: challengeSlug }, { id: true });
  if (!caller) return [];
  const { curves: _curves, ...withoutCurves } = submissionSelect;
  const rows = await db.submission.findMany({
    where: { challengeId: challenge.id, userId: caller.userId },
    select: withoutCurves,
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map(typedSubmission);
}
