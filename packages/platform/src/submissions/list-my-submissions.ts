import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { submissionSelect } from "./selects.ts";

export async function listMySubmissions({ db }: Platform, caller: Caller, challengeSlug: string) {
  if (!caller) return [];
  const challenge = await db.challenge.findUnique({ where: { slug: challengeSlug }, select: { id: true } });
  if (!challenge) throw new AppError("NOT_FOUND", `No challenge "${challengeSlug}".`);
  const { curves: _curves, ...withoutCurves } = submissionSelect;
  return db.submission.findMany({
    where: { challengeId: challenge.id, userId: caller.userId },
    select: withoutCurves,
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
