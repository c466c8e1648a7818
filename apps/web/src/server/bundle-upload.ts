// A bundle archive arriving over HTTP (the REST API's multipart field, or the
// browser page's raw body): written to a private temporary file within 256 MB,
// unpacked (bounded, nothing outside the folder), checked and created or
// previewed, and removed again whatever happens.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { bundleFolder } from "@unblind/platform/challenges/unpack-bundle.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import type { Caller, Platform } from "@unblind/platform/platform.ts";

export const MAX_BUNDLE_BYTES = 256 * 1024 ** 2;

export async function createFromBundleUpload(
  platform: Platform,
  caller: Caller,
  upload: { body: Readable; fileName: string; slug?: string; check?: boolean },
) {
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-bundle-upload-"));
  let unpacked: string | undefined;
  try {
    const archive = path.join(dir, "bundle");
    let received = 0;
    upload.body.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BUNDLE_BYTES)
        upload.body.destroy(
          new AppError(
            "PAYLOAD_TOO_LARGE",
            "A bundle archive holds at most 256 MB; upload large data files afterwards.",
          ),
        );
    });
    await pipeline(upload.body, createWriteStream(archive, { mode: 0o600 }));
    unpacked = await bundleFolder(archive, path.basename(upload.fileName) || "bundle");
    return await createChallengeFromBundle(platform, caller, {
      dir: unpacked,
      slug: upload.slug,
      dryRun: upload.check,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  }
}
