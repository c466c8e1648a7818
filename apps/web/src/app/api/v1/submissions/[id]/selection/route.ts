import { selectFinalSubmission } from "@unblind/platform/leaderboard/select-final-submission.ts";
import { jsonBody } from "~/server/rest/json-body.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { selection } from "~/server/rest/schemas.ts";

export const dynamic = "force-dynamic";

/** PUT {"selected": true|false}: a final submission for the private leaderboard. */
export const PUT = restRoute<{ id: string }>("submit", async ({ req, platform, token, params }) => {
  const body = await jsonBody(req, selection);
  return selectFinalSubmission(platform, token.caller, { submissionId: params.id, selected: body.selected });
});
