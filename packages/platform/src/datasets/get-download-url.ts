import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { accessOf, visibleChallenge, visibleFileLevels } from "../challenges/challenge-access.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { liveFile } from "./live-file.ts";

/**
 * A short-lived presigned URL for one dataset file. The browser downloads from
 * object storage directly; the web server never streams dataset bytes. TRUTH
 * files are never handed out on this route, to anyone. Participants get live
 * versions only.
 */
export async function getDownloadUrl(platform: Platform, caller: Caller, fileId: string) {
  const { db, storage } = platform;
  const file = await db.datasetFile.findUnique({
    where: { id: fileId },
    select: {
      id: true,
      name: true,
      key: true,
      access: true,
      supersededAt: true,
      deletedAt: true,
      dataset: { select: { challengeId: true } },
    },
  });
  const challengeId = file?.dataset.challengeId;
  const rights = challengeId
    ? await visibleChallenge(db, await accessOf(db, caller), { id: challengeId }, { id: true }).catch(() => null)
    : null;
  // One answer for "no such file", "not your level" and "challenge not visible".
  // Older and deleted versions are the organizers' to check; participants get the live one.
  const live = file && !file.supersededAt && !file.deletedAt;
  if (!file || !rights || !visibleFileLevels(rights).includes(file.access) || (!live && !rights.organizer)) {
    throw new AppError("NOT_FOUND", "No such file.");
  }
  if (file.access === "ORGANIZERS") {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        actorId: caller?.userId ?? null,
        action: "file.downloaded",
        challengeId,
        subjectType: "DatasetFile",
        subjectId: file.id,
      }),
    );
  }
  const expiresInSeconds = 300;
  return { url: await storage.presignGet(file.key, file.name, expiresInSeconds), expiresInSeconds };
}

/** The same, for a file named within a challenge (e.g. the hits file of the event display). */
export async function getDownloadUrlByName(
  platform: Platform,
  caller: Caller,
  input: { challengeSlug: string; name: string },
) {
  const file = await platform.db.datasetFile.findFirst({
    where: { name: input.name, ...liveFile, dataset: { challenge: { slug: input.challengeSlug } } },
    select: { id: true },
  });
  if (!file) throw new AppError("NOT_FOUND", "No such file.");
  return getDownloadUrl(platform, caller, file.id);
}
