// The browser's bundle upload (the "New challenge from a bundle" page): the
// raw body is the archive, for the signed-in creator of the session cookie;
// ?check=true previews, otherwise the challenge is created.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { requireChallengeCreator } from "@unblind/platform/challenges/create-from-bundle.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { getCaller } from "~/server/auth.ts";
import { createFromBundleUpload } from "~/server/bundle-upload.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";
import { requireSameOrigin } from "~/server/same-origin.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  try {
    requireSameOrigin(req);
    const caller = await requireChallengeCreator(platform(), await getCaller());
    if (!req.body) throw new AppError("BAD_REQUEST", "No bundle was sent.");
    const url = new URL(req.url);
    const result = await createFromBundleUpload(platform(), caller, {
      body: Readable.fromWeb(req.body as WebReadableStream),
      fileName: decodeURIComponent(req.headers.get("x-file-name") ?? "bundle"),
      slug: url.searchParams.get("slug") || undefined,
      check: url.searchParams.get("check") === "true",
    });
    return Response.json(result, { status: result.created ? 201 : 200 });
  } catch (error) {
    return problemFromError(error, "bundle");
  }
}
