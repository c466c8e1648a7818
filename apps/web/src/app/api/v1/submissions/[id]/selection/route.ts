import { AppError } from "@unblind/platform/errors/app-error.ts";
import { selectFinalSubmission } from "@unblind/platform/leaderboard/select-final-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { jsonBody } from "~/server/rest/json-body.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { selection } from "~/server/rest/schemas.ts";

export const dynamic = "force-dynamic";

/** PUT {"selected": true|false}: a final submission for the private leaderboard. */
export const PUT = restRoute<{ id: string }>("submit", async ({ req, platform, token, params }) => {
  const body = await jsonBody(req, selection);
  // A token pinned to one challenge sees nothing of the others.
  const s = await getSubmission(platform, token.caller, params.id);
  if (token.challengeSlug && s.challenge.slug !== token.challengeSlug) throw new AppError("NOT_FOUND", "No such submission.");
  return selectFinalSubmission(platform, token.caller, { submissionId: params.id, selected: body.selected });
});
