import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { submissionSelect } from "./selects.ts";

/**
 * One submission, for its owner or an organizer of its challenge. Anyone else
 * gets NOT_FOUND, the same answer as for an id that does not exist.
 */
export async function getSubmission({ db }: Platform, caller: Caller, id: string) {
  if (!caller) throw new AppError("NOT_FOUND", "No such submission.");
  const submission = await db.submission.findFirst({
    where: {
      id,
      ...(caller.siteRole === "ADMIN"
        ? {}
        : { OR: [{ userId: caller.userId }, { challenge: { roles: { some: { userId: caller.userId, role: "ORGANIZER" } } } }] }),
    },
    select: submissionSelect,
  });
  if (!submission) throw new AppError("NOT_FOUND", "No such submission.");
  return submission;
}
