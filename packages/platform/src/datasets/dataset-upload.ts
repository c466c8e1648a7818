// Organizers upload dataset files of many gigabytes straight to S3:
// start (checks, a multipart upload, presigned part URLs) → the browser PUTs
// parts in parallel and reports each part's ETag (recorded, so a refresh or a
// dropped connection resumes with the missing parts only) → complete (S3
// assembles the parts; the server reads the object back, checks its size and
// the SHA-256 the uploader computed, and only then publishes it as a new
// version). Nothing half-uploaded or corrupted is ever published.
import { randomUUID } from "node:crypto";
import { organizedChallenge } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import type { FileAccess } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { publishFileVersion, replacementOf } from "./publish-file-version.ts";

const MIB = 1024 * 1024;
const MIN_PART = 16 * MIB; // S3 wants ≥ 5 MiB for every part but the last
const MAX_PARTS = 10_000;
/** S3's largest object. */
export const MAX_DATASET_FILE_BYTES = 5 * 1024 ** 4;
const KEEP_DAYS = 7;
const URL_SECONDS = 6 * 3600;
const FILE_NAME = /^[\w][\w.-]{0,199}$/;

export interface StartDatasetUploadInput {
  challengeSlug: string;
  dataset: string;
  name: string;
  size: number;
  /** By default the level of the version it replaces, else ORGANIZERS. */
  access?: FileAccess;
}

const manage = "upload or change dataset files";

export function checkDatasetFileName(name: string): string {
  if (!FILE_NAME.test(name))
    throw new AppError(
      "BAD_REQUEST",
      `"${name.slice(0, 80)}" is not a file name this platform keeps: use 1 to 200 letters, digits, "_", "-" and ".", not starting with "." or "-".`,
    );
  return name;
}

export async function startDatasetUpload(platform: Platform, caller: Caller, input: StartDatasetUploadInput) {
  const { db, storage } = platform;
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.challengeSlug },
    { id: true, slug: true },
    manage,
  );
  const name = checkDatasetFileName(input.name);
  if (!Number.isSafeInteger(input.size) || input.size <= 0)
    throw new AppError("BAD_REQUEST", "The size must be a positive number of bytes.");
  if (input.size > MAX_DATASET_FILE_BYTES)
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `A file can hold at most ${MAX_DATASET_FILE_BYTES} bytes (5 TiB, S3's limit).`,
    );
  const dataset = await db.dataset.findUnique({
    where: { challengeId_name: { challengeId: challenge.id, name: input.dataset } },
    select: { id: true },
  });
  if (!dataset) {
    const names = await db.dataset.findMany({ where: { challengeId: challenge.id }, select: { name: true } });
    throw new AppError(
      "NOT_FOUND",
      `No dataset "${input.dataset}" in ${challenge.slug}; its datasets are ${names.map((d) => d.name).join(", ") || "none"}.`,
    );
  }
  const { access } = await replacementOf(db, { datasetId: dataset.id, name, access: input.access });
  const partSize = Math.max(MIN_PART, Math.ceil(input.size / MAX_PARTS / MIB) * MIB);
  const key = `datasets/${challenge.slug}/${randomUUID()}/${name}`;
  const s3UploadId = await storage.createMultipartUpload(key);
  const upload = await db.datasetUpload.create({
    data: {
      datasetId: dataset.id,
      name,
      access,
      size: BigInt(input.size),
      partSize,
      key,
      s3UploadId,
      createdById: caller!.userId,
      expiresAt: new Date(Date.now() + KEEP_DAYS * 24 * 3600 * 1000),
    },
    select: { id: true },
  });
  return getDatasetUpload(platform, caller, upload.id);
}

async function uploadOf(db: Db, caller: Caller, uploadId: string) {
  const upload = await db.datasetUpload.findUnique({
    where: { id: uploadId },
    include: { parts: { orderBy: { partNumber: "asc" } }, dataset: { select: { name: true, challengeId: true } } },
  });
  // Organizers of the challenge only; anyone else gets the same answer as for no upload.
  const organized =
    upload &&
    (await organizedChallenge(db, caller, { id: upload.dataset.challengeId }, { slug: true }, manage).catch(
      () => null,
    ));
  if (!upload || !organized || upload.expiresAt <= new Date())
    throw new AppError(
      "NOT_FOUND",
      "No such upload in progress (it may have expired or been completed; start a new one).",
    );
  return { ...upload, challengeSlug: organized.slug };
}

/** The upload's state: which parts are in, with fresh URLs for the others. Resuming starts here. */
export async function getDatasetUpload(platform: Platform, caller: Caller, uploadId: string) {
  const upload = await uploadOf(platform.db, caller, uploadId);
  const size = Number(upload.size);
  const done = new Set(upload.parts.map((p) => p.partNumber));
  const count = Math.ceil(size / upload.partSize);
  const parts = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const partNumber = i + 1;
      const part = {
        partNumber,
        offset: i * upload.partSize,
        size: Math.min(upload.partSize, size - i * upload.partSize),
        done: done.has(partNumber),
      };
      return done.has(partNumber)
        ? { ...part, url: null }
        : {
            ...part,
            url: await platform.storage.presignUploadPart(
              upload.key,
              upload.s3UploadId,
              partNumber,
              part.size,
              URL_SECONDS,
            ),
          };
    }),
  );
  return {
    id: upload.id,
    challengeSlug: upload.challengeSlug,
    dataset: upload.dataset.name,
    name: upload.name,
    access: upload.access,
    size,
    partSize: upload.partSize,
    expiresAt: upload.expiresAt.toISOString(),
    bytesDone: parts.filter((p) => p.done).reduce((sum, p) => sum + p.size, 0),
    parts,
  };
}

/** Records that a part reached S3 (sent again, its new ETag wins). */
export async function recordDatasetPart(
  platform: Platform,
  caller: Caller,
  uploadId: string,
  part: { partNumber: number; etag: string },
) {
  const upload = await uploadOf(platform.db, caller, uploadId);
  const count = Math.ceil(Number(upload.size) / upload.partSize);
  if (!Number.isInteger(part.partNumber) || part.partNumber < 1 || part.partNumber > count)
    throw new AppError("BAD_REQUEST", `The part number must be 1 to ${count}.`);
  if (!/^"?[\w-]{1,128}"?$/.test(part.etag))
    throw new AppError("BAD_REQUEST", "That is not an ETag as S3 returns one.");
  const key = { uploadId_partNumber: { uploadId, partNumber: part.partNumber } };
  await platform.db.datasetUploadPart.upsert({
    where: key,
    create: { uploadId, partNumber: part.partNumber, etag: part.etag },
    update: { etag: part.etag },
  });
  return {
    partNumber: part.partNumber,
    received: upload.parts.filter((p) => p.partNumber !== part.partNumber).length + 1,
    of: count,
  };
}

/**
 * Assembles the parts, reads the object back from S3 and publishes it if its
 * size and SHA-256 are the announced ones. On a mismatch the object is
 * deleted and nothing changes; the upload must start again.
 */
export async function completeDatasetUpload(
  platform: Platform,
  caller: Caller,
  uploadId: string,
  claimed: { sha256: string },
) {
  const { db, storage } = platform;
  const sha256 = claimed.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new AppError("BAD_REQUEST", "Send the file's SHA-256 as 64 hexadecimal digits.");
  const upload = await uploadOf(db, caller, uploadId);
  const count = Math.ceil(Number(upload.size) / upload.partSize);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter(
    (n) => !upload.parts.some((p) => p.partNumber === n),
  );
  if (missing.length)
    throw new AppError(
      "CONFLICT",
      `${missing.length} of ${count} part(s) have not been received (${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}); send them, then complete.`,
    );
  try {
    await storage.completeMultipartUpload(
      upload.key,
      upload.s3UploadId,
      upload.parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    );
  } catch (error) {
    await db.datasetUploadPart.deleteMany({ where: { uploadId } });
    throw new AppError(
      "CONFLICT",
      `The object store refused to assemble the parts (${(error as Error).message}); the parts are forgotten, send them again.`,
    );
  }
  const discard = async () => {
    await storage.delete(upload.key).catch(() => {});
    await db.datasetUpload.delete({ where: { id: uploadId } }).catch(() => {});
  };
  const size = await storage.objectSize(upload.key);
  const stored = await storage.sha256(upload.key);
  if (size !== Number(upload.size) || stored !== sha256) {
    await discard();
    const what =
      size !== Number(upload.size)
        ? `${size ?? 0} bytes, not the ${upload.size} announced`
        : `SHA-256 ${stored}, not the ${sha256} computed before sending`;
    throw new AppError(
      "BAD_REQUEST",
      `The file in storage has ${what}: the bytes changed on the way. Nothing was published; upload it again.`,
    );
  }
  try {
    return await db.$transaction(async (tx) => {
      const file = await publishFileVersion(tx, {
        datasetId: upload.datasetId,
        challengeId: upload.dataset.challengeId,
        name: upload.name,
        key: upload.key,
        size: Number(upload.size),
        sha256,
        access: upload.access,
        actorId: caller!.userId,
      });
      await tx.datasetUpload.delete({ where: { id: uploadId } });
      return file;
    });
  } catch (error) {
    await discard();
    throw error;
  }
}

export async function abortDatasetUpload(platform: Platform, caller: Caller, uploadId: string) {
  const upload = await uploadOf(platform.db, caller, uploadId);
  await platform.storage.abortMultipartUpload(upload.key, upload.s3UploadId);
  await platform.db.datasetUpload.delete({ where: { id: uploadId } }).catch(() => {});
  return { aborted: uploadId };
}

/** Drops dataset uploads left unfinished past their expiry (run by the scorer's sweeper). */
export async function dropExpiredDatasetUploads({ db, storage }: Pick<Platform, "db" | "storage">): Promise<number> {
  const expired = await db.datasetUpload.findMany({
    where: { expiresAt: { lt: new Date() } },
    select: { id: true, key: true, s3UploadId: true },
    take: 100,
  });
  for (const u of expired) {
    await storage.abortMultipartUpload(u.key, u.s3UploadId);
    await db.datasetUpload.delete({ where: { id: u.id } }).catch(() => {});
  }
  return expired.length;
}
