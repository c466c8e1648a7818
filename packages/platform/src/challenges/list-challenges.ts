import type { Caller, Platform } from "../platform.ts";
import { accessOf, visibleChallenges } from "./challenge-access.ts";
import { challengeSummarySelect } from "./selects.ts";

/** The challenges the caller can see; restricted ones are not even counted for others. */
export async function listChallenges({ db }: Platform, caller: Caller) {
  const access = await accessOf(db, caller);
  return db.challenge.findMany({ where: visibleChallenges(access), select: challengeSummarySelect, orderBy: { createdAt: "asc" } });
}
