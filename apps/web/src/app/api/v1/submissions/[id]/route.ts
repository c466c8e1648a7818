import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { submissionJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute<{ id: string }>("read", async ({ platform, token, params }) => {
  const s = await getSubmission(platform, token.caller, params.id);
  // A token pinned to one challenge sees nothing of the others.
  if (token.challengeSlug && s.challenge.slug !== token.challengeSlug) throw new AppError("NOT_FOUND", "No such submission.");
  return submissionJson(s, s.challenge.slug);
});
