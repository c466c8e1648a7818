import { createHash, randomUUID } from "node:crypto";
import { Readable, Transform } from "node:stream";
import type { Platform, Caller } from "../platform.ts";
import { AppError } from "../errors/app-error.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { requireSignedIn } from "../challenges/challenge-access.ts";
import { enqueueScoring } from "../queue/queue.ts";
import { currentPhase, nextUtcDayStart, submissionsLeftToday } from "./submission-limits.ts";

export interface NewSubmission {
  challengeSlug: string;
  fileName: string;
  description?: string;
  /** The file's bytes, streamed to object storage as they arrive. */
  body: Readable;
  /**
   * A client's key for this submission: a retry with the same key (after a
   * lost reply) returns the submission already made instead of a new one.
   */
  idempotencyKey?: string;
}

/**
 * Accepts a submission: checks the phase and the daily limit before storing a
 * byte, streams the file to S3 while hashing it, then writes the row and its
 * audit event in one transaction and queues the scoring job. A refused or
 * broken upload leaves neither a row nor an object behind.
 */
export async function createSubmission(platform: Platform, caller: Caller, input: NewSubmission) {
  requireSignedIn(caller);
  const { db, storage } = platform;
  const idempotencyKey = input.idempotencyKey;
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
    throw new AppError("BAD_REQUEST", "The Idempotency-Key must be 1 to 200 printable ASCII characters.");
  }
  const replay = async () => {
    if (idempotencyKey === undefined) return null;
    const row = await db.submission.findUnique({ where: { userId_idempotencyKey: { userId: caller.userId, idempotencyKey } }, select: { id: true, status: true, sha256: true, size: true } });
    return row && { id: row.id, status: row.status, sha256: row.sha256, size: Number(row.size), replayed: true };
  };
  const earlier = await replay();
  if (earlier) {
    input.body.resume(); // the retried upload is not needed
    return earlier;
  }
  const challenge = await db.challenge.findUnique({
    where: { slug: input.challengeSlug },
    select: { id: true, slug: true, acceptingSubmissions: true, phases: { select: { id: true, opensAt: true, closesAt: true, maxPerDay: true, maxFileBytes: true } } },
  });
  if (!challenge) throw new AppError("NOT_FOUND", `No challenge "${input.challengeSlug}".`);
  if (!challenge.acceptingSubmissions) throw new AppError("PHASE_CLOSED", "This challenge is not accepting submissions yet.");
  const phase = currentPhase(challenge.phases);
  if (!phase) throw new AppError("PHASE_CLOSED", "No phase of this challenge is open now.");
  if ((await submissionsLeftToday(db, caller.userId, phase)) <= 0) {
    const reset = nextUtcDayStart();
    throw new AppError("TOO_MANY_REQUESTS", `Daily limit of ${phase.maxPerDay} submissions reached; it resets at ${reset.toISOString()}.`, {
      resetAt: reset.toISOString(),
    });
  }

  const fileName = input.fileName.replace(/[^\w.\-]+/g, "_").slice(-120) || "submission.csv";
  const id = randomUUID();
  const key = `submissions/${challenge.slug}/${id}/${fileName}`;
  const limit = Number(phase.maxFileBytes);
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return done(new AppError("PAYLOAD_TOO_LARGE", `The file is larger than this phase's limit of ${limit} bytes.`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  input.body.on("error", (e) => meter.destroy(e));
  try {
    await storage.putStream(key, input.body.pipe(meter), "text/csv");
  } catch (error) {
    await storage.delete(key).catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError("BAD_REQUEST", `The upload broke off before the file was complete: ${(error as Error).message}`);
  }
  if (size === 0) {
    await storage.delete(key).catch(() => {});
    throw new AppError("BAD_REQUEST", "The file is empty.");
  }

  const sha256 = hash.digest("hex");
  const submission = await db
    .$transaction(async (tx) => {
      const row = await tx.submission.create({
        data: {
          id,
          challengeId: challenge.id,
          phaseId: phase.id,
          userId: caller.userId,
          description: (input.description ?? "").slice(0, 500),
          fileName,
          fileKey: key,
          size: BigInt(size),
          sha256,
          idempotencyKey: idempotencyKey ?? null,
        },
        select: { id: true, status: true, sha256: true },
      });
      await recordAudit(tx, { actorId: caller.userId, action: "submission.created", challengeId: challenge.id, subjectType: "Submission", subjectId: id, data: { size, sha256 } });
      return row;
    })
    .catch(async (error: unknown) => {
      // No row was written: remove the stored file too, so nothing is orphaned.
      await storage.delete(key).catch(() => {});
      // Two requests with one Idempotency-Key raced: the other one made it.
      const other = (error as { code?: string }).code === "P2002" ? await replay() : null;
      if (other) return null;
      throw error;
    });
  if (!submission) return (await replay())!;

  try {
    await enqueueScoring(await platform.queue(), submission.id);
  } catch (error) {
    // Stored and QUEUED: the scorers' sweeper sends a job for any queued
    // submission that has none, so nothing is lost if the queue is away now.
    console.error(`[submissions] ${submission.id} stored but not yet queued (the sweeper will retry): ${(error as Error).message}`);
  }
  return { id: submission.id, status: submission.status, sha256: submission.sha256, size, replayed: false };
}
