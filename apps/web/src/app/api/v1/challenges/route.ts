import { requireChallengeCreator } from "@unblind/platform/challenges/create-from-bundle.ts";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { createFromBundleUpload } from "~/server/bundle-upload.ts";
import { multipartFile } from "~/server/rest/multipart-file.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { challengeSummaryJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute("read", async ({ platform, token }) => {
  // A token pinned to one challenge sees only that one (its caller carries the restriction).
  return (await listChallenges(platform, token.caller)).map(challengeSummaryJson);
});

/**
 * Creates a challenge from a bundle: multipart/form-data with the archive in
 * `bundle` (.zip, .tar or .tar.gz), and optionally `slug` and `check=true`
 * (validate and preview only) before it. 201 with the challenge; 400 lists
 * every problem with its place (`problems`).
 */
export const POST = restRoute("create", async ({ req, platform, token }) => {
  if (token.challengeSlug)
    throw new AppError("FORBIDDEN", "A token restricted to one challenge cannot create challenges.");
  // Before a byte of the bundle is read.
  await requireChallengeCreator(platform, token.caller);
  const upload = await multipartFile(req, "bundle");
  const result = await createFromBundleUpload(platform, token.caller, {
    body: upload.body,
    fileName: upload.fileName,
    slug: upload.fields.slug || undefined,
    check: upload.fields.check === "true",
  });
  return Response.json(result, { status: result.created ? 201 : 200 });
});
