// Large submissions in three steps: start (checks, then presigned part URLs)
// → the client PUTs the parts straight to S3 → complete (the object's size
// and SHA-256 are checked, then it becomes a submission exactly like a
// one-call upload). An upload never completed is never a submission; expired
// ones are dropped by dropExpiredUploads.
import { randomUUID } from "node:crypto";
import { ownChallenges, requireSignedIn } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import {
  openPhaseFor,
  recordSubmission,
  replayedSubmission,
  safeFileName,
  submissionKey,
  type CreatedSubmission,
} from "./create-submission.ts";

const MIN_PART = 8 * 1024 * 1024; // S3 wants ≥ 5 MiB for every part but the last
const MAX_PARTS = 10_000;
const VALID_SECONDS = 24 * 3600;
/** Uploads one user may have in progress: with each part bound to its size, at most this many phase-size files of storage. */
export const MAX_PENDING_UPLOADS = 4;

export interface StartUploadInput {
  challengeSlug: string;
  fileName: string;
  size: number;
  description?: string;
  idempotencyKey?: string;
}

export async function startUpload(platform: Platform, caller: Caller, input: StartUploadInput) {
  requireSignedIn(caller);
  const { db, storage } = platform;
  const earlier = await replayedSubmission(db, caller.userId, input.idempotencyKey);
  if (earlier) {
    if (earlier.size !== input.size) {
      throw new AppError(
        "UNPROCESSABLE",
        `The Idempotency-Key "${input.idempotencyKey}" was used for submission ${earlier.id} with a file of ${earlier.size} bytes, not ${input.size}; use a new key for a new file.`,
      );
    }
    return { submission: earlier };
  }
  if (!Number.isSafeInteger(input.size) || input.size <= 0)
    throw new AppError("BAD_REQUEST", "The size must be a positive number of bytes.");
  const { challenge, phase } = await openPhaseFor(db, caller, input.challengeSlug);
  // Parts are stored before a submission exists: bounded per user until completed or expired.
  const pending = await db.pendingUpload.count({ where: { userId: caller.userId, expiresAt: { gt: new Date() } } });
  if (pending >= MAX_PENDING_UPLOADS)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `You have ${pending} uploads in progress, the most at once; complete them or let them expire (${VALID_SECONDS / 3600} h after they started).`,
    );
  const limit = Number(phase.maxFileBytes);
  if (input.size > limit)
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than this phase's limit of ${limit} bytes.`);
  const partSize = Math.max(MIN_PART, Math.ceil(input.size / MAX_PARTS));
  const fileName = safeFileName(input.fileName);
  const submissionId = randomUUID();
  const key = submissionKey(challenge.slug, submissionId, fileName);
  const s3UploadId = await storage.createMultipartUpload(key);
  const expiresAt = new Date(Date.now() + VALID_SECONDS * 1000);
  const upload = await db.pendingUpload.create({
    data: {
      userId: caller.userId,
      challengeId: challenge.id,
      phaseId: phase.id,
      submissionId,
      fileName,
      description: (input.description ?? "").slice(0, 500),
      size: BigInt(input.size),
      partSize,
      key,
      s3UploadId,
      idempotencyKey: input.idempotencyKey ?? null,
      expiresAt,
    },
    select: { id: true },
  });
  const count = Math.ceil(input.size / partSize);
  const parts = await Promise.all(
    Array.from({ length: count }, async (_, i) => ({
      partNumber: i + 1,
      offset: i * partSize,
      size: Math.min(partSize, input.size - i * partSize),
      url: await storage.presignUploadPart(
        key,
        s3UploadId,
        i + 1,
        Math.min(partSize, input.size - i * partSize),
        VALID_SECONDS,
      ),
    })),
  );
  return { upload: { id: upload.id, partSize, expiresAt: expiresAt.toISOString(), parts } };
}

export async function completeUpload(
  platform: Platform,
  caller: Caller,
  uploadId: string,
  parts: { partNumber: number; etag: string }[],
): Promise<CreatedSubmission> {
  requireSignedIn(caller);
  const { db, storage } = platform;
  const upload = await db.pendingUpload.findFirst({ where: { id: uploadId, userId: caller.userId } });
  // Within the caller's challenge, when their token is restricted to one.
  const within = upload && (await db.challenge.count({ where: { id: upload.challengeId, ...ownChallenges(caller) } }));
  if (!upload || !within || upload.expiresAt <= new Date())
    throw new AppError("NOT_FOUND", "No such upload in progress (it may have expired; start a new one).");
  const expected = Math.ceil(Number(upload.size) / upload.partSize);
  const numbers = parts.map((p) => p.partNumber).sort((a, b) => a - b);
  if (numbers.length !== expected || numbers.some((n, i) => n !== i + 1)) {
    throw new AppError("BAD_REQUEST", `Send the ETag of each of the ${expected} part(s), numbered 1 to ${expected}.`);
  }
  try {
    await storage.completeMultipartUpload(
      upload.key,
      upload.s3UploadId,
      [...parts].sort((a, b) => a.partNumber - b.partNumber),
    );
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `The object store refused to assemble the parts (a part is missing or an ETag is wrong): ${(error as Error).message}`,
    );
  }
  const discard = async () => {
    await storage.delete(upload.key).catch(() => {});
    await db.pendingUpload.delete({ where: { id: upload.id } }).catch(() => {});
  };
  const size = await storage.objectSize(upload.key);
  if (size !== Number(upload.size)) {
    await discard();
    throw new AppError(
      "BAD_REQUEST",
      `The uploaded parts add up to ${size ?? 0} bytes, not the ${upload.size} announced; nothing was stored.`,
    );
  }
  const sha256 = await storage.sha256(upload.key);
  // The limits are checked again: the day may have filled up meanwhile.
  const challenge = await db.challenge.findUniqueOrThrow({ where: { id: upload.challengeId }, select: { slug: true } });
  let phase: Awaited<ReturnType<typeof openPhaseFor>>["phase"];
  try {
    ({ phase } = await openPhaseFor(db, caller, challenge.slug));
  } catch (error) {
    await discard();
    throw error;
  }
  const created = await recordSubmission(platform, caller, {
    id: upload.submissionId,
    challengeId: upload.challengeId,
    phaseId: phase.id,
    fileName: upload.fileName,
    key: upload.key,
    size: Number(upload.size),
    sha256,
    description: upload.description,
    idempotencyKey: upload.idempotencyKey ?? undefined,
  });
  await db.pendingUpload.delete({ where: { id: upload.id } }).catch(() => {});
  return created;
}

/** Drops uploads started but never completed before they expired (run by the scorer's sweeper). */
export async function dropExpiredUploads({ db, storage }: { db: Db; storage: Platform["storage"] }): Promise<number> {
  const expired = await db.pendingUpload.findMany({
    where: { expiresAt: { lt: new Date() } },
    select: { id: true, key: true, s3UploadId: true },
    take: 100,
  });
  for (const u of expired) {
    await storage.abortMultipartUpload(u.key, u.s3UploadId);
    await db.pendingUpload.delete({ where: { id: u.id } }).catch(() => {});
  }
  return expired.length;
}
