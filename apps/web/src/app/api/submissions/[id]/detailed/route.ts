// A scoring program's detailed page for the signed-in owner or an organizer,
// served as a sandboxed document (get-submission-detail.ts).
import { Readable } from "node:stream";
import { DETAIL_HEADERS, getSubmissionDetail } from "@unblind/platform/submissions/get-submission-detail.ts";
import { getCaller } from "~/server/auth.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const page = await getSubmissionDetail(platform(), await getCaller(), id);
    return new Response(Readable.toWeb(page) as ReadableStream, { headers: DETAIL_HEADERS });
  } catch (error) {
    return problemFromError(error, "detailed page");
  }
}
