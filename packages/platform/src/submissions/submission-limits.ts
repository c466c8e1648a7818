import type { Db } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
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

/**
 * Submissions left today. A refusal that depends only on the submitted file
 * (a located format error) does not count: a typo should not cost a try.
 * Every outcome that depends on hidden data does (`countsAgainstLimit`).
 */
export async function submissionsLeftToday(
  db: Pick<Db, "submission">,
  userId: string,
  phase: Pick<PhaseWindow, "id" | "maxPerDay">,
  now = new Date(),
): Promise<number> {
  const used = await db.submission.count({
    where: { userId, phaseId: phase.id, createdAt: { gte: utcDayStart(now) }, countsAgainstLimit: true },
  });
  return Math.max(0, phase.maxPerDay - used);
}

/**
 * Refuses with 429 when the day's limit is used up, saying when it resets
 * (`resetAt`, which transports turn into Retry-After). `what` names what is
 * counted: "submissions", "answers to Black box 1".
 */
export async function requireSubmissionLeftToday(
  db: Pick<Db, "submission">,
  userId: string,
  phase: Pick<PhaseWindow, "id" | "maxPerDay">,
  what = "submissions",
  now = new Date(),
): Promise<void> {
  if ((await submissionsLeftToday(db, userId, phase, now)) > 0) return;
  const reset = nextUtcDayStart(now);
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `Daily limit of ${phase.maxPerDay} ${what} reached; it resets at ${reset.toISOString()}.`,
    { resetAt: reset.toISOString() },
  );
}

/**
 * The check that makes the limit hold under any concurrency: inside the
 * transaction that writes the new submission row, take a lock on (user,
 * phase), then count. Concurrent requests of one participant to one phase
 * queue on the lock, and each counts the rows the ones before it committed
 * (the lock is held until commit). The earlier checks outside the
 * transaction only refuse early, before any byte is stored.
 */
export async function claimSubmissionSlot(
  tx: Prisma.TransactionClient,
  userId: string,
  phaseId: string,
  what = "submissions",
  now = new Date(),
): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`daily-limit:${userId}:${phaseId}`}, 0))) AS l`;
  const phase = await tx.phase.findUniqueOrThrow({ where: { id: phaseId }, select: { id: true, maxPerDay: true } });
  await requireSubmissionLeftToday(tx, userId, phase, what, now);
}
