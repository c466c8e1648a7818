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
import {
  abortUploads,
  assembleAndVerify,
  checkCompleteParts,
  checkUploadSize,
  presignParts,
  startMultipart,
} from "../uploads/multipart-upload.ts";

const VALID_SECONDS = 24 * 3600;
/** Uploads one user may have in progress: with each part bound to its size, at most this many phase-size files of storage. */
export const MAX_PENDING_UPLOADS = 4;

export interface StartUploadInput {
  challengeSlug: string;
  /** The phase by name (a code phase beside the standard one); by default the open standard phase. */
  phase?: string;
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
  const { challenge, phase } = await openPhaseFor(db, caller, input.challengeSlug, input.phase);
  // Parts are stored before a submission exists: bounded per user until completed or expired.
  const pending = await db.pendingUpload.count({ where: { userId: caller.userId, expiresAt: { gt: new Date() } } });
  if (pending >= MAX_PENDING_UPLOADS)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `You have ${pending} uploads in progress, the most at once; complete them or let them expire (${VALID_SECONDS / 3600} h after they started).`,
    );
  const limit = Number(phase.maxFileBytes);
  checkUploadSize(input.size, limit, `The file is larger than this phase's limit of ${limit} bytes.`);
  const fileName = safeFileName(input.fileName);
  const submissionId = randomUUID();
  const object = await startMultipart(storage, submissionKey(challenge.slug, submissionId, fileName), input.size);
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
      partSize: object.partSize,
      key: object.key,
      s3UploadId: object.s3UploadId,
      idempotencyKey: input.idempotencyKey ?? null,
      expiresAt,
    },
    select: { id: true },
  });
  const parts = (await presignParts(storage, object, VALID_SECONDS)).map(({ done: _, url, ...part }) => ({
    ...part,
    url: url as string,
  }));
  return { upload: { id: upload.id, partSize: object.partSize, expiresAt: expiresAt.toISOString(), parts } };
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
  const object = {
    key: upload.key,
    s3UploadId: upload.s3UploadId,
    size: Number(upload.size),
    partSize: upload.partSize,
  };
  const forget = async () => {
    await db.pendingUpload.delete({ where: { id: upload.id } }).catch(() => {});
  };
  const sha256 = await assembleAndVerify(storage, object, checkCompleteParts(object, parts), {
    onRefused: (reason) =>
      new AppError(
        "BAD_REQUEST",
        `The object store refused to assemble the parts (a part is missing or an ETag is wrong): ${reason}`,
      ),
    forgetUpload: forget,
  });
  // The limits are checked again: the day may have filled up meanwhile.
  const challenge = await db.challenge.findUniqueOrThrow({ where: { id: upload.challengeId }, select: { slug: true } });
  // The phase the upload was started for, still open.
  const started = await db.phase.findUnique({ where: { id: upload.phaseId }, select: { name: true } });
  let phase: Awaited<ReturnType<typeof openPhaseFor>>["phase"];
  try {
    ({ phase } = await openPhaseFor(db, caller, challenge.slug, started?.name ?? ""));
  } catch (error) {
    await storage.delete(upload.key).catch(() => {});
    await forget();
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

/** Drops uploads started but never completed before they expired (a periodic job). */
export async function dropExpiredUploads({ db, storage }: { db: Db; storage: Platform["storage"] }): Promise<number> {
  const expired = await db.pendingUpload.findMany({
    where: { expiresAt: { lt: new Date() } },
    select: { id: true, key: true, s3UploadId: true },
    take: 100,
  });
  return abortUploads(storage, expired, (id) => db.pendingUpload.delete({ where: { id } }));
}
