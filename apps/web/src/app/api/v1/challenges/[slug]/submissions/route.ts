import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { listMySubmissions } from "@unblind/platform/submissions/list-my-submissions.ts";
import { multipartFile } from "~/server/rest/multipart-file.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { submissionJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

/** The caller's own submissions to the challenge, newest first. */
export const GET = restRoute<{ slug: string }>("read", async ({ platform, token, params }) =>
  (await listMySubmissions(platform, token.caller, params.slug)).map((s) => submissionJson(s, params.slug)),
);

/** One call: multipart/form-data with `file` (and optionally `description` and `phase` before it). 202 {id, status, …}. */
export const POST = restRoute<{ slug: string }>("submit", async ({ req, platform, token, params }) => {
  const upload = await multipartFile(req);
  const created = await createSubmission(platform, token.caller, {
    challengeSlug: params.slug,
    fileName: upload.fileName,
    description: upload.fields.description,
    ...(upload.fields.phase ? { phase: upload.fields.phase } : {}),
    body: upload.body,
    idempotencyKey: req.headers.get("idempotency-key") ?? undefined,
  });
  return Response.json(created, { status: created.replayed ? 200 : 202 });
});
