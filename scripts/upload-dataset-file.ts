// The admin CLI's `file upload`: the same resumable multipart flow as the
// organizers' browser upload (start → PUT the parts to S3, four at a time,
// recording each ETag → complete, which checks the SHA-256 from S3).
import { open, stat } from "node:fs/promises";
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

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
const LEVELS = ["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"];

async function putPart(url: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { method: "PUT", body });
      const etag = res.headers.get("etag");
      if (res.ok && etag) return etag;
      throw new Error(`HTTP ${res.status}`);
    } catch (error) {
      if (attempt === 3)
        throw new AppError(
          "BAD_REQUEST",
          `A part could not be sent to the object store after 3 attempts: ${(error as Error).message}`,
        );
    }
  }
}

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
  const handle = await open(input.path);
  try {
    const queue = upload.parts.filter((p) => !p.done);
    const worker = async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const body = new Uint8Array(part.size);
        await handle.read(body, 0, part.size, part.offset);
        const etag = await putPart(part.url!, body);
        const { received, of } = await recordDatasetPart(platform, OPERATOR, upload.id, {
          partNumber: part.partNumber,
          etag,
        });
        process.stderr.write(`\rpart ${received}/${of}`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    process.stderr.write("\n");
  } finally {
    await handle.close();
  }
  const missing = (await getDatasetUpload(platform, OPERATOR, upload.id)).parts.filter((p) => !p.done);
  if (missing.length) throw new AppError("CONFLICT", `${missing.length} part(s) missing.`);
  return completeDatasetUpload(platform, OPERATOR, upload.id, { sha256: await hashing });
}
