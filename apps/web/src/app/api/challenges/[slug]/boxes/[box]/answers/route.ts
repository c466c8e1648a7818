// The browser's answer form: the same use case as the REST API, for the
// signed-in user of the session cookie.
import { submitAnswer } from "@unblind/platform/black-boxes/submit-answer.ts";
import { requireSignedIn } from "@unblind/platform/challenges/challenge-access.ts";
import { getCaller } from "~/server/auth.ts";
import { requireSameOrigin } from "~/server/same-origin.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";
import { answerFromRequest } from "~/server/rest/answer-request.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ slug: string; box: string }> }) {
  const { slug, box } = await params;
  try {
    requireSameOrigin(req);
    // Signed in first: an anonymous body is refused before a byte of it is read.
    const caller = await getCaller();
    requireSignedIn(caller);
    const receipt = await submitAnswer(platform(), caller, {
      challengeSlug: slug,
      box: decodeURIComponent(box),
      ...(await answerFromRequest(req)),
    });
    return Response.json(receipt, { status: 201 });
  } catch (error) {
    return problemFromError(error, "answer");
  }
}
