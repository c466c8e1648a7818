import type { Caller, Platform } from "../platform.ts";
import { accessOf, visibleChallenges } from "./challenge-access.ts";
import { challengeStatus, statusPhaseSelect } from "./challenge-status.ts";
import { challengeSummarySelect } from "./selects.ts";

/** The challenges the caller can see, each with its status; restricted ones are not even counted for others. */
export async function listChallenges({ db }: Platform, caller: Caller) {
  const access = await accessOf(db, caller);
  const rows = await db.challenge.findMany({
    where: visibleChallenges(access),
    select: { ...challengeSummarySelect, phases: { select: statusPhaseSelect } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(({ phases, ...c }) => ({
    ...c,
    status: challengeStatus({ acceptingSubmissions: c.acceptingSubmissions, phases }),
  }));
}
