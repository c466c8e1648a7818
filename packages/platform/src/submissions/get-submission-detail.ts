// A scoring program's detailed.html for one submission: its owner's and its
// challenge's organizers', anyone else gets NOT_FOUND. The page is the
// organizer's program's output; the transport serves it under a
// Content-Security-Policy sandbox (no scripts, an opaque origin), so nothing
// in it can reach the site or the participant's session.
import type { Readable } from "node:stream";
import { accessOf, organizedChallenges, ownChallenges } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";

export async function getSubmissionDetail(platform: Platform, caller: Caller, id: string): Promise<Readable> {
  if (!caller) throw new AppError("NOT_FOUND", "No such page.");
  const { db } = platform;
  const organized = organizedChallenges(await accessOf(db, caller));
  const row = await db.submission.findFirst({
    where: { id, OR: [{ userId: caller.userId, challenge: ownChallenges(caller) }, { challenge: organized }] },
    select: { detailKey: true },
  });
  if (!row?.detailKey) throw new AppError("NOT_FOUND", "No such page.");
  return platform.storage.getStream(row.detailKey);
}

/** Headers under which the page is served: a sandboxed document that runs nothing and loads nothing remote. */
export const DETAIL_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
  "x-content-type-options": "nosniff",
  "cache-control": "private, no-store",
} as const;
