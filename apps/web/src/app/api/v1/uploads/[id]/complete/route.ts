import { z } from "zod";
import { completeUpload } from "@unblind/platform/submissions/presigned-upload.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { jsonBody } from "~/server/rest/json-body.ts";

export const dynamic = "force-dynamic";

const body = z.object({
  parts: z
    .array(z.object({ partNumber: z.int().min(1).max(10_000), etag: z.string().min(1).max(200) }))
    .min(1)
    .max(10_000),
});

/** Step 3 of a large upload: the parts become one object, checked, and a submission. */
export const POST = restRoute<{ id: string }>("submit", async ({ req, platform, token, params }) => {
  const { parts } = await jsonBody(req, body);
  return Response.json(await completeUpload(platform, token.caller, params.id, parts), { status: 202 });
});
