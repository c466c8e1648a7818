// The one multipart-upload protocol of the platform, used by participants'
// large submissions (submissions/presigned-upload.ts) and organizers' dataset
// files (datasets/dataset-upload.ts):
//   start      → an S3 multipart upload, parts of one size rule;
//   presign    → one URL per part, each bound to its part's exact length;
//   record     → a part's ETag checked (and kept, where the kind resumes);
//   complete   → S3 assembles the parts; the object is read back and its size
//                (and SHA-256, when the uploader announced one) checked; on a
//                mismatch the object is deleted and nothing is published;
//   expire     → uploads never completed are aborted, their parts removed.
// The rows that remember an upload (who, where to, until when) belong to each
// kind; the protocol's steps and their messages live here only.
import { AppError } from "../errors/app-error.ts";
import type { Storage } from "../storage/storage.ts";

const MIB = 1024 * 1024;
/** S3 wants ≥ 5 MiB for every part but the last; 16 MiB keeps the number of requests low. */
const MIN_PART = 16 * MIB;
/** S3's most parts in one upload. */
const MAX_PARTS = 10_000;

/** What a multipart upload needs to be continued, whichever row keeps it. */
export interface MultipartObject {
  key: string;
  s3UploadId: string;
  size: number;
  partSize: number;
}

export interface PartRange {
  partNumber: number;
  offset: number;
  size: number;
}

export interface PartEtag {
  partNumber: number;
  etag: string;
}

/** The part size for a file: whole MiB, at least 16 MiB, at most 10,000 parts. */
export function partSizeFor(size: number): number {
  return Math.max(MIN_PART, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}

export function checkUploadSize(size: number, limit: number, limitText: string) {
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new AppError("BAD_REQUEST", "The size must be a positive number of bytes.");
  if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE", limitText);
}

/** Starts the S3 side of an upload of `size` bytes to `key`. */
export async function startMultipart(storage: Storage, key: string, size: number): Promise<MultipartObject> {
  const s3UploadId = await storage.createMultipartUpload(key);
  return { key, s3UploadId, size, partSize: partSizeFor(size) };
}

export const partCount = (o: Pick<MultipartObject, "size" | "partSize">) => Math.ceil(o.size / o.partSize);

export function partRanges(o: Pick<MultipartObject, "size" | "partSize">): PartRange[] {
  return Array.from({ length: partCount(o) }, (_, i) => ({
    partNumber: i + 1,
    offset: i * o.partSize,
    size: Math.min(o.partSize, o.size - i * o.partSize),
  }));
}

/** Every part with a URL valid `seconds`, except those already `done` (their URL is null). */
export async function presignParts(storage: Storage, o: MultipartObject, seconds: number, done = new Set<number>()) {
  return Promise.all(
    partRanges(o).map(async (part) => ({
      ...part,
      done: done.has(part.partNumber),
      url: done.has(part.partNumber)
        ? null
        : await storage.presignUploadPart(o.key, o.s3UploadId, part.partNumber, part.size, seconds),
    })),
  );
}

/** One part's report: its number within the upload, its ETag as S3 returns one. */
export function checkPart(o: Pick<MultipartObject, "size" | "partSize">, part: PartEtag): PartEtag {
  const count = partCount(o);
  if (!Number.isInteger(part.partNumber) || part.partNumber < 1 || part.partNumber > count)
    throw new AppError("BAD_REQUEST", `The part number must be 1 to ${count}.`);
  if (typeof part.etag !== "string" || !/^"?[\w-]{1,128}"?$/.test(part.etag))
    throw new AppError("BAD_REQUEST", "That is not an ETag as S3 returns one.");
  return part;
}

/** The whole list of parts, each once, numbered 1 to n, in order. */
export function checkCompleteParts(o: Pick<MultipartObject, "size" | "partSize">, parts: PartEtag[]): PartEtag[] {
  const count = partCount(o);
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  if (sorted.length !== count || sorted.some((p, i) => p.partNumber !== i + 1))
    throw new AppError("BAD_REQUEST", `Send the ETag of each of the ${count} part(s), numbered 1 to ${count}.`);
  for (const part of sorted) checkPart(o, part);
  return sorted;
}

/** The numbers of the parts not yet received; refuses to complete while any is missing. */
export function requireAllParts(o: Pick<MultipartObject, "size" | "partSize">, received: number[]) {
  const count = partCount(o);
  const have = new Set(received);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !have.has(n));
  if (missing.length)
    throw new AppError(
      "CONFLICT",
      `${missing.length} of ${count} part(s) have not been received (${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}); send them, then complete.`,
    );
}

/**
 * Completes the upload and checks the object S3 assembled: its size, and its
 * SHA-256 when the uploader computed one. Returns the object's SHA-256. On a
 * refusal by S3, `onRefused` says what the client must do (its error is
 * thrown); on a mismatch the object is deleted and `forgetUpload` drops the upload's row.
 */
export async function assembleAndVerify(
  storage: Storage,
  o: MultipartObject,
  parts: PartEtag[],
  how: {
    sha256?: string;
    onRefused: (reason: string) => AppError | Promise<AppError>;
    forgetUpload: () => Promise<void>;
  },
): Promise<string> {
  try {
    await storage.completeMultipartUpload(o.key, o.s3UploadId, parts);
  } catch (error) {
    throw await how.onRefused((error as Error).message);
  }
  const size = await storage.objectSize(o.key);
  const stored = size === o.size ? await storage.sha256(o.key) : null;
  if (stored === null || (how.sha256 !== undefined && stored !== how.sha256)) {
    await storage.delete(o.key).catch(() => {});
    await how.forgetUpload();
    const what =
      stored === null
        ? `${size ?? 0} bytes, not the ${o.size} announced`
        : `SHA-256 ${stored}, not the ${how.sha256} computed before sending`;
    throw new AppError(
      "BAD_REQUEST",
      `The file in storage has ${what}: the bytes changed on the way. Nothing was published; upload it again.`,
    );
  }
  return stored;
}

/** Aborts uploads (their parts leave the store), then forgets each. */
export async function abortUploads(
  storage: Storage,
  expired: { id: string; key: string; s3UploadId: string }[],
  forget: (id: string) => Promise<unknown>,
): Promise<number> {
  for (const u of expired) {
    await storage.abortMultipartUpload(u.key, u.s3UploadId);
    await forget(u.id).catch(() => {});
  }
  return expired.length;
}
