// Organizers edit their challenge's pages (title and Markdown each, the first
// the overview); the challenge page shows them joined. The change and its
// audit event, naming the pages before and after with each one's SHA-256, are
// written together.
import { createHash } from "node:crypto";
import { joinPages, MAX_PAGE_CHARACTERS } from "@unblind/challenges/shared/bundle/read-bundle.ts";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { organizedChallenge } from "./challenge-access.ts";

export const pagesSchema = z
  .array(
    z.object({
      title: z.string().trim().min(1, "every page needs a title").max(80),
      markdown: z.string().max(MAX_PAGE_CHARACTERS, `a page holds at most ${MAX_PAGE_CHARACTERS} characters`),
    }),
  )
  .min(1, "a challenge has at least its overview page")
  .max(20);

export type ChallengePage = z.infer<typeof pagesSchema>[number];

const digest = (pages: ChallengePage[]) =>
  pages.map((p) => ({ title: p.title, sha256: createHash("sha256").update(p.markdown).digest("hex") }));

/** The pages as stored, or the description as one overview page (a challenge made before pages existed). */
export function pagesOf(row: { pages: unknown; description: string }): ChallengePage[] {
  const parsed = pagesSchema.safeParse(row.pages);
  return parsed.success ? parsed.data : [{ title: "Overview", markdown: row.description }];
}

export async function setChallengePages(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; pages: ChallengePage[] },
) {
  const parsed = pagesSchema.safeParse(input.pages);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `page ${Number(issue.path[0]) + 1}: ` : "";
    throw new AppError("BAD_REQUEST", `${where}${issue.message}`);
  }
  const pages = parsed.data;
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    { id: true, pages: true, description: true },
    "edit its pages",
  );
  const previous = pagesOf(challenge);
  await db.$transaction(async (tx) => {
    await tx.challenge.update({ where: { id: challenge.id }, data: { pages, description: joinPages(pages) } });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "challenge.pages_changed",
      challengeId: challenge.id,
      subjectType: "Challenge",
      subjectId: challenge.id,
      data: { previous: digest(previous), now: digest(pages) },
    });
  });
  return { pages };
}
