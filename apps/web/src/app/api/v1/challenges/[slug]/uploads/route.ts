import { z } from "zod";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { startUpload } from "@unblind/platform/submissions/presigned-upload.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { jsonBody } from "~/server/rest/json-body.ts";

export const dynamic = "force-dynamic";

const body = z.object({
  fileName: z.string().min(1).max(255),
  size: z.int().positive(),
  description: z.string().max(500).optional(),
  phase: z.string().min(1).max(80).optional(),
});

/** Step 1 of a large upload: the checks, then one presigned PUT URL per part. */
export const POST = restRoute<{ slug: string }>("submit", async ({ req, platform, token, params }) => {
  const input = await jsonBody(req, body);
  const started = await startUpload(platform, token.caller, {
    challengeSlug: params.slug,
    ...input,
    idempotencyKey: req.headers.get("idempotency-key") ?? undefined,
  });
  if ("submission" in started && started.submission) return Response.json(started.submission, { status: 200 });
  if (!("upload" in started) || !started.upload) throw new AppError("BAD_REQUEST", "The upload could not be started.");
  return Response.json(started.upload, { status: 201 });
});
