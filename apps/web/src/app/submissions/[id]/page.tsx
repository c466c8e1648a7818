import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { getCaller } from "~/server/auth.ts";
import { orNotFound } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { SubmissionView } from "./submission-view.tsx";

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Checked on the server first, so another user's submission is a real 404, not an empty page.
  await orNotFound(getSubmission(platform(), await getCaller(), id));
  return <SubmissionView id={id} />;
}
