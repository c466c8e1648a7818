import { organizedChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { refreshLeaderboard } from "./refresh-leaderboard.ts";

/** Recomputes every board of a challenge in full now (organizers; changes reach the boards by themselves). */
export async function refreshChallengeBoards({ db }: Platform, caller: Caller, slug: string) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug },
    { phases: { where: { kind: { in: ["STANDARD", "CODE"] } }, select: { id: true, name: true } } },
    "refresh its leaderboards",
  );
  if (!challenge.phases.length) throw new AppError("NOT_FOUND", `No challenge ${slug} with standard phases.`);
  for (const p of challenge.phases) await refreshLeaderboard(db, p.id, { full: true });
  return { refreshed: challenge.phases.map((p) => p.name) };
}
