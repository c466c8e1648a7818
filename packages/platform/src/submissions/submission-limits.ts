import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";

interface PhaseWindow {
  id: string;
  opensAt: Date;
  closesAt: Date | null;
  maxPerDay: number;
}

/** The phase open now, if any. */
export function currentPhase<P extends PhaseWindow>(phases: P[], now = new Date()): P | null {
  return phases.find((p) => p.opensAt <= now && (p.closesAt === null || now < p.closesAt)) ?? null;
}

/** Start of the current UTC day: daily limits reset at 00:00 UTC. */
export function utcDayStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** When today's limit resets: the next 00:00 UTC. */
export function nextUtcDayStart(now = new Date()): Date {
  return new Date(utcDayStart(now).getTime() + 24 * 3600 * 1000);
}

/** Submissions left today. Invalid ones do not count: a typo should not cost a try. */
export async function submissionsLeftToday(db: Db, userId: string, phase: PhaseWindow, now = new Date()): Promise<number> {
  const used = await db.submission.count({
    where: { userId, phaseId: phase.id, createdAt: { gte: utcDayStart(now) }, status: { not: "INVALID" } },
  });
  return Math.max(0, phase.maxPerDay - used);
}

/**
 * Refuses with 429 when the day's limit is used up, saying when it resets
 * (`resetAt`, which transports turn into Retry-After). `what` names what is
 * counted: "submissions", "answers to Black box 1".
 */
export async function requireSubmissionLeftToday(db: Db, userId: string, phase: PhaseWindow, what = "submissions", now = new Date()): Promise<void> {
  if ((await submissionsLeftToday(db, userId, phase, now)) > 0) return;
  const reset = nextUtcDayStart(now);
  throw new AppError("TOO_MANY_REQUESTS", `Daily limit of ${phase.maxPerDay} ${what} reached; it resets at ${reset.toISOString()}.`, { resetAt: reset.toISOString() });
}
