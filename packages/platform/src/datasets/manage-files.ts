// The organizers' view of a challenge's files: every version with its state
// and the scores that used it, the uploads in progress, the soft delete and
// the purge. A purge removes a version for good and is refused while a score
// or a phase refers to it (the database refuses it too).
import { recordAudit } from "../audit/record-audit.ts";
import { organizedChallenge } from "../challenges/challenge-access.ts";
import type { Caller, Platform } from "../platform.ts";
import { AppError } from "../errors/app-error.ts";

const manage = "manage its dataset files";

export async function listDatasetFiles({ db }: Platform, caller: Caller, slug: string) {
  const challenge = await organizedChallenge(db, caller, { slug }, { id: true }, manage);
  const datasets = await db.dataset.findMany({
    where: { challengeId: challenge.id },
    orderBy: { createdAt: "asc" },
    select: {
      name: true,
      description: true,
      files: {
        orderBy: [{ name: "asc" }, { version: "desc" }],
        select: {
          id: true,
          name: true,
          version: true,
          access: true,
          size: true,
          sha256: true,
          createdAt: true,
          supersededAt: true,
          deletedAt: true,
          phases: { select: { name: true } },
          answerKeyOf: { select: { name: true } },
          _count: { select: { scored: true } },
        },
      },
      uploads: {
        where: { expiresAt: { gt: new Date() } },
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          name: true,
          size: true,
          partSize: true,
          createdAt: true,
          expiresAt: true,
          _count: { select: { parts: true } },
        },
      },
    },
  });
  return datasets.map((d) => ({
    name: d.name,
    description: d.description,
    files: d.files.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      level: f.access,
      size: Number(f.size),
      sha256: f.sha256,
      createdAt: f.createdAt.toISOString(),
      state: f.deletedAt ? ("deleted" as const) : f.supersededAt ? ("superseded" as const) : ("live" as const),
      truthOf: [...f.phases, ...f.answerKeyOf].map((p) => p.name),
      scores: f._count.scored,
    })),
    uploads: d.uploads.map((u) => ({
      id: u.id,
      name: u.name,
      size: Number(u.size),
      partsDone: u._count.parts,
      parts: Math.ceil(Number(u.size) / u.partSize),
      createdAt: u.createdAt.toISOString(),
      expiresAt: u.expiresAt.toISOString(),
    })),
  }));
}

async function fileOf({ db }: Platform, caller: Caller, input: { slug: string; fileId: string }) {
  const challenge = await organizedChallenge(db, caller, { slug: input.slug }, { id: true }, manage);
  const file = await db.datasetFile.findFirst({
    where: { id: input.fileId, dataset: { challengeId: challenge.id } },
    select: {
      id: true,
      name: true,
      version: true,
      key: true,
      sha256: true,
      deletedAt: true,
      supersededAt: true,
      phases: { select: { name: true } },
      answerKeyOf: { select: { name: true } },
      _count: { select: { scored: true } },
    },
  });
  if (!file) throw new AppError("NOT_FOUND", "No such file in this challenge.");
  return { challenge, file, truthOf: [...file.phases, ...file.answerKeyOf].map((p) => p.name) };
}

/** Hides a file from everyone but the organizers; its object and its scores stay. Audited. */
export async function deleteDatasetFile(platform: Platform, caller: Caller, input: { slug: string; fileId: string }) {
  const { challenge, file, truthOf } = await fileOf(platform, caller, input);
  if (file.deletedAt) throw new AppError("CONFLICT", `${file.name} v${file.version} is already deleted.`);
  if (truthOf.length)
    throw new AppError(
      "CONFLICT",
      `${file.name} is the truth of ${truthOf.join(", ")}; upload a new version instead of deleting it.`,
    );
  return platform.db.$transaction(async (tx) => {
    const n = await tx.datasetFile.updateMany({
      where: { id: file.id, deletedAt: null },
      data: { deletedAt: new Date(), deletedById: caller!.userId },
    });
    if (n.count !== 1) throw new AppError("CONFLICT", `${file.name} v${file.version} is already deleted.`);
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "file.deleted",
      challengeId: challenge.id,
      subjectType: "DatasetFile",
      subjectId: file.id,
      data: { name: file.name, version: file.version, sha256: file.sha256 },
    });
    return { id: file.id, name: file.name, version: file.version, state: "deleted" as const };
  });
}

/**
 * Removes a deleted or superseded version and its object for good. Refused
 * while any score was computed against it or a phase uses it. Audited.
 */
export async function purgeDatasetFile(platform: Platform, caller: Caller, input: { slug: string; fileId: string }) {
  const { challenge, file, truthOf } = await fileOf(platform, caller, input);
  const name = `${file.name} v${file.version}`;
  if (!file.deletedAt && !file.supersededAt) throw new AppError("CONFLICT", `${name} is live; delete it first.`);
  if (truthOf.length)
    throw new AppError("CONFLICT", `${name} is the truth of ${truthOf.join(", ")}; it cannot be removed.`);
  if (file._count.scored)
    throw new AppError(
      "CONFLICT",
      `${file._count.scored} score(s) were computed against ${name}; it is kept so that they can be checked.`,
    );
  await platform.db.$transaction(async (tx) => {
    await tx.datasetFile.delete({ where: { id: file.id } });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "file.purged",
      challengeId: challenge.id,
      subjectType: "DatasetFile",
      subjectId: file.id,
      data: { name: file.name, version: file.version, sha256: file.sha256 },
    });
  });
  // After the row: a failure here leaves an orphaned object, never a row without its bytes.
  await platform.storage.delete(file.key).catch(() => {});
  return { id: file.id, name: file.name, version: file.version, state: "purged" as const };
}
