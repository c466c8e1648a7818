import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createChallengeFromBundle, requireChallengeCreator } from "@unblind/platform/challenges/create-from-bundle.ts";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { bundleFolder } from "@unblind/platform/challenges/unpack-bundle.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { multipartFile } from "~/server/rest/multipart-file.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { challengeSummaryJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute("read", async ({ platform, token }) => {
  // A token pinned to one challenge sees only that one (its caller carries the restriction).
  return (await listChallenges(platform, token.caller)).map(challengeSummaryJson);
});

/** Bytes of a bundle archive taken over HTTP (larger data files are uploaded afterwards). */
const MAX_BUNDLE_BYTES = 256 * 1024 ** 2;

/**
 * Creates a challenge from a bundle: multipart/form-data with the archive in
 * `bundle` (.zip, .tar or .tar.gz), and optionally `slug` and `check=true`
 * (validate and preview only) before it. 201 with the challenge; 400 lists
 * every problem with its place (`problems`).
 */
export const POST = restRoute("create", async ({ req, platform, token }) => {
  if (token.challengeSlug)
    throw new AppError("FORBIDDEN", "A token restricted to one challenge cannot create challenges.");
  await requireChallengeCreator(platform, token.caller);
  const upload = await multipartFile(req, "bundle");
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-bundle-upload-"));
  let unpacked: string | undefined;
  try {
    const archive = path.join(dir, path.basename(upload.fileName) || "bundle");
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
    unpacked = await bundleFolder(archive, upload.fileName);
    const result = await createChallengeFromBundle(platform, token.caller, {
      dir: unpacked,
      slug: upload.fields.slug || undefined,
      dryRun: upload.fields.check === "true",
    });
    return Response.json(result, { status: result.created ? 201 : 200 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  }
});
