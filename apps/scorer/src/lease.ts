// A scoring job's lease on its submission. The claim is one conditional
// UPDATE, so exactly one worker holds a submission at a time; the holder
// renews the lease by heartbeat, and when a worker dies (kill -9, machine
// lost) the lease runs out and the sweeper hands the submission to another.
// Times are the database's (now()), so workers' clocks do not matter.
import type { Db } from "@unblind/platform/db/client.ts";

export type Claim = { claimed: true; attempts: number } | { claimed: false; reason: "done" | "busy" };

/**
 * Claims a QUEUED submission (or a SCORING one whose lease ran out). When the
 * challenge caps how many of its submissions are scored at once, the cap is
 * checked under a per-challenge advisory lock, and a full challenge answers
 * "busy" so the job can come back later.
 */
export async function claimSubmission(
  db: Db,
  submissionId: string,
  owner: string,
  leaseSeconds: number,
): Promise<Claim> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ challengeId: string; cap: number | null }[]>`
      SELECT s."challengeId", c."maxConcurrentScoring" AS cap
      FROM "Submission" s JOIN "Challenge" c ON c.id = s."challengeId"
      WHERE s.id = ${submissionId}`;
    if (!row) return { claimed: false, reason: "done" } as const;
    if (row.cap !== null) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`scoring:${row.challengeId}`}))`;
      const [{ running }] = await tx.$queryRaw<{ running: number }[]>`
        SELECT count(*)::int AS running FROM "Submission"
        WHERE "challengeId" = ${row.challengeId} AND status = 'SCORING' AND "leaseExpiresAt" > now() AND id <> ${submissionId}`;
      if (running >= row.cap) return { claimed: false, reason: "busy" } as const;
    }
    const claimed = await tx.$queryRaw<{ attempts: number }[]>`
      UPDATE "Submission"
      SET status = 'SCORING', "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + make_interval(secs => ${leaseSeconds}),
          "scoringStartedAt" = now(), attempts = attempts + 1
      WHERE id = ${submissionId} AND (status = 'QUEUED' OR (status = 'SCORING' AND "leaseExpiresAt" < now()))
      RETURNING attempts`;
    return claimed.length
      ? ({ claimed: true, attempts: claimed[0].attempts } as const)
      : ({ claimed: false, reason: "done" } as const);
  });
}

/** Renews the lease; false when this worker no longer holds it. */
export async function renewLease(db: Db, submissionId: string, owner: string, leaseSeconds: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Submission" SET "leaseExpiresAt" = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${submissionId} AND "leaseOwner" = ${owner} AND status = 'SCORING'`;
  return n === 1;
}

/** Gives the submission back to the queue (for a retry, or on shutdown). */
export async function releaseSubmission(db: Db, submissionId: string, owner: string, note?: string): Promise<boolean> {
  const n = await db.submission.updateMany({
    where: { id: submissionId, leaseOwner: owner, status: "SCORING" },
    data: {
      status: "QUEUED",
      leaseOwner: null,
      leaseExpiresAt: null,
      queuedAt: new Date(),
      ...(note ? { internalError: note } : {}),
    },
  });
  return n.count === 1;
}

/**
 * Runs `work` while renewing the lease every third of its length. The signal
 * aborts when the lease is lost (another worker took over after this one
 * stalled): the work must then stop without writing. A database outage does
 * not abort by itself; the lease simply runs out if it lasts too long.
 */
export async function withLease<T>(
  db: Db,
  submissionId: string,
  owner: string,
  leaseSeconds: number,
  work: (lost: AbortSignal) => Promise<T>,
): Promise<T> {
  const lost = new AbortController();
  const timer = setInterval(
    () => {
      renewLease(db, submissionId, owner, leaseSeconds).then(
        (held) => held || lost.abort(new Error("lease lost")),
        () => {}, // the database is away: try again next beat
      );
    },
    (leaseSeconds * 1000) / 3,
  );
  try {
    return await work(lost.signal);
  } finally {
    clearInterval(timer);
  }
}
