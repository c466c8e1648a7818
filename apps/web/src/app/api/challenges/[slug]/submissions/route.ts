// Browser upload of a submission file: the raw body is streamed to object
// storage (never buffered whole), for the signed-in user of the session cookie.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { requireSignedIn } from "@unblind/platform/challenges/challenge-access.ts";
import { getCaller } from "~/server/auth.ts";
import { requireSameOrigin } from "~/server/same-origin.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  try {
    requireSameOrigin(req);
    // Signed in first: an anonymous body is refused before a byte of it is read.
    const caller = await getCaller();
    requireSignedIn(caller);
    if (!req.body) throw new AppError("BAD_REQUEST", "No file was sent.");
    const created = await createSubmission(platform(), caller, {
      challengeSlug: slug,
      fileName: decodeURIComponent(req.headers.get("x-file-name") ?? "submission.csv"),
      description: decodeURIComponent(req.headers.get("x-description") ?? ""),
      ...(req.headers.get("x-phase") ? { phase: decodeURIComponent(req.headers.get("x-phase")!) } : {}),
      body: Readable.fromWeb(req.body as WebReadableStream),
    });
    return Response.json(created, { status: 202 });
  } catch (error) {
    return problemFromError(error, "upload");
  }
}
