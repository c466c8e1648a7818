// The admin CLI's `file upload`: the same resumable multipart flow and client
// library (@unblind/upload-client) as the organizers' browser upload: start →
// PUT the parts to S3, recording each ETag → complete, which checks the
// SHA-256 from S3.
import { stat } from "node:fs/promises";
import path from "node:path";
import {
  completeDatasetUpload,
  getDatasetUpload,
  recordDatasetPart,
  startDatasetUpload,
} from "@unblind/platform/datasets/dataset-upload.ts";
import type { FileAccess } from "@unblind/platform/db/generated/client.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { sha256OfFile } from "@unblind/platform/storage/sha256-of-file.ts";
import { putFilePart } from "@unblind/upload-client/put-file-part.ts";
import { PartNotSent, sendParts } from "@unblind/upload-client/send-parts.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
const LEVELS = ["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"];

export async function uploadFile(
  platform: Platform,
  input: { slug: string; dataset: string; path: string; name?: string; level?: string },
) {
  const level = input.level?.toUpperCase();
  if (level !== undefined && !LEVELS.includes(level))
    throw new AppError("BAD_REQUEST", "--level must be public, participants, organizers or truth");
  const { size } = await stat(input.path).catch(() => {
    throw new AppError("NOT_FOUND", `No file ${input.path}.`);
  });
  const hashing = sha256OfFile(input.path);
  const upload = await startDatasetUpload(platform, OPERATOR, {
    challengeSlug: input.slug,
    dataset: input.dataset,
    name: input.name ?? path.basename(input.path),
    size,
    access: level as FileAccess | undefined,
  });
  try {
    await sendParts(upload.parts, {
      put: putFilePart(input.path),
      onPartSent: async (part) => {
        const { received, of } = await recordDatasetPart(platform, OPERATOR, upload.id, part);
        process.stderr.write(`\rpart ${received}/${of}`);
      },
    });
    process.stderr.write("\n");
  } catch (error) {
    if (error instanceof PartNotSent) throw new AppError("BAD_REQUEST", `The upload stopped: ${error.message}.`);
    throw error;
  }
  const missing = (await getDatasetUpload(platform, OPERATOR, upload.id)).parts.filter((p) => !p.done);
  if (missing.length) throw new AppError("CONFLICT", `${missing.length} part(s) missing.`);
  return completeDatasetUpload(platform, OPERATOR, upload.id, { sha256: await hashing });
}
