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
import {
  abortUploads,
  assembleAndVerify,
  checkPart,
  checkUploadSize,
  partCount,
  presignParts,
  requireAllParts,
  startMultipart,
} from "../uploads/multipart-upload.ts";
import { checkTruthVersion } from "./check-truth-version.ts";
import { datasetIdByName } from "./dataset-by-name.ts";
import { publishFileVersion, replacementOf } from "./publish-file-version.ts";

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
  checkUploadSize(
    input.size,
    MAX_DATASET_FILE_BYTES,
    `A file can hold at most ${MAX_DATASET_FILE_BYTES} bytes (5 TiB, S3's limit).`,
  );
  const datasetId = await datasetIdByName(db, challenge, input.dataset);
  const { access } = await replacementOf(db, { datasetId, name, access: input.access });
  const object = await startMultipart(storage, `datasets/${challenge.slug}/${randomUUID()}/${name}`, input.size);
  const upload = await db.datasetUpload.create({
    data: {
      datasetId,
      name,
      access,
      size: BigInt(input.size),
      partSize: object.partSize,
      key: object.key,
      s3UploadId: object.s3UploadId,
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
  const object = {
    key: upload.key,
    s3UploadId: upload.s3UploadId,
    size: Number(upload.size),
    partSize: upload.partSize,
  };
  return { ...upload, object, challengeSlug: organized.slug };
}

/** The upload's state: which parts are in, with fresh URLs for the others. Resuming starts here. */
export async function getDatasetUpload(platform: Platform, caller: Caller, uploadId: string) {
  const upload = await uploadOf(platform.db, caller, uploadId);
  const parts = await presignParts(
    platform.storage,
    upload.object,
    URL_SECONDS,
    new Set(upload.parts.map((p) => p.partNumber)),
  );
  return {
    id: upload.id,
    challengeSlug: upload.challengeSlug,
    dataset: upload.dataset.name,
    name: upload.name,
    access: upload.access,
    size: upload.object.size,
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
  checkPart(upload.object, part);
  const key = { uploadId_partNumber: { uploadId, partNumber: part.partNumber } };
  await platform.db.datasetUploadPart.upsert({
    where: key,
    create: { uploadId, partNumber: part.partNumber, etag: part.etag },
    update: { etag: part.etag },
  });
  return {
    partNumber: part.partNumber,
    received: upload.parts.filter((p) => p.partNumber !== part.partNumber).length + 1,
    of: partCount(upload.object),
  };
}

/**
 * Assembles the parts, reads the object back from S3 and publishes it if its
 * size and SHA-256 are the announced ones and, when it replaces a phase's
 * truth or a box's answer key, if the scorer can read it
 * (check-truth-version.ts). Otherwise the object is deleted and nothing
 * changes; the upload must start again.
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
  requireAllParts(
    upload.object,
    upload.parts.map((p) => p.partNumber),
  );
  await assembleAndVerify(
    storage,
    upload.object,
    upload.parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    {
      sha256,
      onRefused: async (reason) => {
        await db.datasetUploadPart.deleteMany({ where: { uploadId } });
        return new AppError(
          "CONFLICT",
          `The object store refused to assemble the parts (${reason}); the parts are forgotten, send them again.`,
        );
      },
      forgetUpload: () => forget(db, uploadId),
    },
  );
  try {
    // A new truth or answer key is read as the scorer will read it before it replaces the live one.
    const truth = await checkTruthVersion(platform, {
      datasetId: upload.datasetId,
      name: upload.name,
      key: upload.key,
      size: Number(upload.size),
    });
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
      return truth ? { ...file, truth } : file;
    });
  } catch (error) {
    await storage.delete(upload.key).catch(() => {});
    await forget(db, uploadId);
    throw error;
  }
}

const forget = (db: Db, id: string) =>
  db.datasetUpload
    .delete({ where: { id } })
    .then(() => {})
    .catch(() => {});

export async function abortDatasetUpload(platform: Platform, caller: Caller, uploadId: string) {
  const upload = await uploadOf(platform.db, caller, uploadId);
  await abortUploads(platform.storage, [upload], (id) => forget(platform.db, id));
  return { aborted: uploadId };
}

/** Drops dataset uploads left unfinished past their expiry (a periodic job). */
export async function dropExpiredDatasetUploads({ db, storage }: Pick<Platform, "db" | "storage">): Promise<number> {
  const expired = await db.datasetUpload.findMany({
    where: { expiresAt: { lt: new Date() } },
    select: { id: true, key: true, s3UploadId: true },
    take: 100,
  });
  return abortUploads(storage, expired, (id) => forget(db, id));
}
