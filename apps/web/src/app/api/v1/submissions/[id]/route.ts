import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { submissionJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute<{ id: string }>("read", async ({ platform, token, params }) => {
  const s = await getSubmission(platform, token.caller, params.id);
  // The single submission also says which of the challenge's gates it fails (scored, but not ranked).
  return {
    ...submissionJson(s, s.challenge.slug),
    failedGates: s.failedGates,
    run: (s.run as Record<string, unknown> | null) ?? null,
  };
});
