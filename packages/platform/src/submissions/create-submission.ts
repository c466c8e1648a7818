import { createHash, randomUUID } from "node:crypto";
import { phaseSelect } from "../challenges/selects.ts";
import { type Readable, Transform } from "node:stream";
import type { Platform, Caller } from "../platform.ts";
import type { Db } from "../db/client.ts";
import type { SubmissionStatus } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { accessOf, requireSignedIn, visibleChallenge } from "../challenges/challenge-access.ts";
import { enqueueScoring } from "../jobs/definitions/score-submission.ts";
import { claimSubmissionSlot, currentPhase, requireSubmissionLeftToday } from "./submission-limits.ts";

export interface NewSubmission {
  challengeSlug: string;
  /** The phase by name (a code phase beside the standard one); by default the open standard phase. */
  phase?: string;
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

export interface CreatedSubmission {
  id: string;
  status: SubmissionStatus;
  sha256: string;
  size: number;
  /** True when an earlier request with the same Idempotency-Key made it. */
  replayed: boolean;
}

/**
 * Accepts a submission: checks the phase and the daily limit before storing a
 * byte, streams the file to S3 while hashing it, then writes the row and its
 * audit event in one transaction and queues the scoring job. A refused or
 * broken upload leaves neither a row nor an object behind.
 */
export async function createSubmission(
  platform: Platform,
  caller: Caller,
  input: NewSubmission,
): Promise<CreatedSubmission> {
  requireSignedIn(caller);
  const { db, storage } = platform;
  const earlier = await replayedSubmission(db, caller.userId, input.idempotencyKey);
  if (earlier) {
    // A retry sends the same file again: hash it (without storing it) to tell a retry from a mistake.
    const sha256 = await sha256OfStream(input.body, earlier.size);
    if (sha256 !== earlier.sha256) {
      throw new AppError(
        "UNPROCESSABLE",
        `The Idempotency-Key "${input.idempotencyKey}" was used for submission ${earlier.id} with another file (SHA-256 ${earlier.sha256}); use a new key for a new file.`,
      );
    }
    return earlier;
  }
  const { challenge, phase } = await openPhaseFor(db, caller, input.challengeSlug, input.phase);
  const fileName = safeFileName(input.fileName);
  const id = randomUUID();
  const key = submissionKey(challenge.slug, id, fileName);
  const { size, sha256 } = await storeUpload(storage, key, input.body, Number(phase.maxFileBytes));
  return recordSubmission(platform, caller, {
    id,
    challengeId: challenge.id,
    phaseId: phase.id,
    fileName,
    key,
    size,
    sha256,
    description: input.description,
    idempotencyKey: input.idempotencyKey,
  });
}

/**
 * Streams an uploaded file to object storage while hashing it, refusing it
 * mid-stream once it passes `limit` bytes. An empty, oversized or broken
 * upload leaves no object behind.
 */
export async function storeUpload(
  storage: Platform["storage"],
  key: string,
  body: Readable,
  limit: number,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit)
        return done(new AppError("PAYLOAD_TOO_LARGE", `The file is larger than this phase's limit of ${limit} bytes.`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  body.on("error", (e) => meter.destroy(e));
  try {
    await storage.putStream(key, body.pipe(meter), "text/csv");
  } catch (error) {
    await storage.delete(key).catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError("BAD_REQUEST", `The upload broke off before the file was complete: ${(error as Error).message}`);
  }
  if (size === 0) {
    await storage.delete(key).catch(() => {});
    throw new AppError("BAD_REQUEST", "The file is empty.");
  }
  return { size, sha256: hash.digest("hex") };
}

/** The body's SHA-256, or null as soon as it is longer than `maxBytes` (then it cannot be the same file). */
async function sha256OfStream(body: Readable, maxBytes: number): Promise<string | null> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      return null;
    }
    hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

/** The submission an earlier request with this Idempotency-Key made, if any. */
export async function replayedSubmission(
  db: Db,
  userId: string,
  idempotencyKey: string | undefined,
): Promise<CreatedSubmission | null> {
  if (idempotencyKey === undefined) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))
    throw new AppError("BAD_REQUEST", "The Idempotency-Key must be 1 to 200 printable ASCII characters.");
  const row = await db.submission.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey } },
    select: { id: true, status: true, sha256: true, size: true },
  });
  return row && { id: row.id, status: row.status, sha256: row.sha256, size: Number(row.size), replayed: true };
}

/**
 * The phase the caller may submit to now, or the refusal saying why: not
 * visible (404), not eligible (403), closed, or the daily limit with its reset time.
 */
export async function openPhaseFor(db: Db, caller: NonNullable<Caller>, challengeSlug: string, phaseName?: string) {
  const userId = caller.userId;
  const { challenge, eligible, notEligibleBecause } = await visibleChallenge(
    db,
    await accessOf(db, caller),
    { slug: challengeSlug },
    {
      id: true,
      slug: true,
      acceptingSubmissions: true,
      phases: {
        select: phaseSelect,
        where: { kind: { in: ["STANDARD", "CODE"] } },
        orderBy: { opensAt: "asc" },
      },
    },
  );
  if (!eligible) throw new AppError("FORBIDDEN", notEligibleBecause ?? "You may not take part in this challenge.");
  if (!challenge.acceptingSubmissions)
    throw new AppError("PHASE_CLOSED", "This challenge is not accepting submissions yet.");
  // Files go to the named phase, else to the open standard phase (a code phase takes programs when named,
  // or when it is the only one open); black boxes take answers (submit-answer.ts).
  let phase: (typeof challenge.phases)[number] | null;
  if (phaseName !== undefined) {
    const named = challenge.phases.find((p) => p.name === phaseName);
    if (!named)
      throw new AppError(
        "NOT_FOUND",
        `No phase "${phaseName}" takes submissions (the phases: ${challenge.phases.map((p) => p.name).join(", ")}).`,
      );
    phase = currentPhase([named]);
    if (!phase) throw new AppError("PHASE_CLOSED", `The phase "${phaseName}" is not open now.`);
  } else {
    phase = currentPhase(challenge.phases.filter((p) => p.kind === "STANDARD")) ?? currentPhase(challenge.phases);
    if (!phase) throw new AppError("PHASE_CLOSED", "No phase of this challenge is open now.");
  }
  await requireSubmissionLeftToday(db, userId, phase);
  return { challenge, phase };
}

export const safeFileName = (name: string) => name.replace(/[^\w.-]+/g, "_").slice(-120) || "submission.csv";
export const submissionKey = (slug: string, id: string, fileName: string) => `submissions/${slug}/${id}/${fileName}`;

/**
 * Records a stored file as a submission: the row and its audit event in one
 * transaction, then the scoring job. When the row cannot be written the
 * object is removed, so nothing is orphaned.
 */
export async function recordSubmission(
  platform: Platform,
  caller: NonNullable<Caller>,
  s: {
    id: string;
    challengeId: string;
    phaseId: string;
    fileName: string;
    key: string;
    size: number;
    sha256: string;
    description?: string;
    idempotencyKey?: string;
  },
): Promise<CreatedSubmission> {
  const { db, storage } = platform;
  const submission = await db
    .$transaction(async (tx) => {
      await claimSubmissionSlot(tx, caller.userId, s.phaseId);
      const row = await tx.submission.create({
        data: {
          id: s.id,
          challengeId: s.challengeId,
          phaseId: s.phaseId,
          userId: caller.userId,
          description: (s.description ?? "").slice(0, 500),
          fileName: s.fileName,
          fileKey: s.key,
          size: BigInt(s.size),
          sha256: s.sha256,
          idempotencyKey: s.idempotencyKey ?? null,
        },
        select: { id: true, status: true, sha256: true },
      });
      await recordAudit(tx, {
        actorId: caller.userId,
        action: "submission.created",
        challengeId: s.challengeId,
        subjectType: "Submission",
        subjectId: s.id,
        data: { size: s.size, sha256: s.sha256 },
      });
      return row;
    })
    .catch(async (error: unknown) => {
      await storage.delete(s.key).catch(() => {});
      // Two requests with one Idempotency-Key raced (a unique violation, or
      // the limit filled by the twin): the other one made it.
      if (s.idempotencyKey && (await replayedSubmission(db, caller.userId, s.idempotencyKey))) return null;
      throw error;
    });
  if (!submission) return (await replayedSubmission(db, caller.userId, s.idempotencyKey))!;

  try {
    await enqueueScoring({ db: platform.db, boss: await platform.queue() }, submission.id);
  } catch (error) {
    // Stored and QUEUED: the scorers' sweeper sends a job for any queued
    // submission that has none, so nothing is lost if the queue is away now.
    console.error(
      `[submissions] ${submission.id} stored but not yet queued (the sweeper will retry): ${(error as Error).message}`,
    );
  }
  return { id: submission.id, status: submission.status, sha256: submission.sha256, size: s.size, replayed: false };
}
