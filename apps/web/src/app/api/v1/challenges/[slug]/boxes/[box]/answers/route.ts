import { submitAnswer } from "@unblind/platform/black-boxes/submit-answer.ts";
import { answerFromRequest } from "~/server/rest/answer-request.ts";
import { restRoute } from "~/server/rest/rest-route.ts";

export const dynamic = "force-dynamic";

/** Answer a black box: JSON, or multipart with `answer` then `file`. 201 with the receipt. */
export const POST = restRoute<{ slug: string; box: string }>("submit", async ({ req, platform, token, params }) => {
  const receipt = await submitAnswer(platform, token.caller, {
    challengeSlug: params.slug,
    box: decodeURIComponent(params.box),
    ...(await answerFromRequest(req)),
  });
  return Response.json(receipt, { status: 201 });
});
