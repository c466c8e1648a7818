// A dataset file is published as a new version of its name. The live version
// it replaces is marked superseded but kept, object and row, for the scores
// computed against it; phases that used it as truth or answer key move to the
// new version. The truth or key of an opened black box is part of the record
// and cannot be replaced.
import { recordAudit } from "../audit/record-audit.ts";
import type { FileAccess, Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { liveFile } from "./live-file.ts";
import { taskTruthPhases } from "./task-truth-files.ts";

export interface NewVersion {
  datasetId: string;
  challengeId: string;
  name: string;
  key: string;
  size: number;
  sha256: string;
  /** By default the level of the version it replaces, else ORGANIZERS. */
  access?: FileAccess;
  actorId: string | null;
}

const boundPhase = { select: { id: true, name: true, openedAt: true } } as const;

/**
 * The level the new version of `name` gets, or why it may not replace the
 * live one. Checked when an upload starts (before gigabytes travel) and
 * again when it is published.
 */
export async function replacementOf(
  tx: Prisma.TransactionClient,
  v: { datasetId: string; name: string; access?: FileAccess },
) {
  const live = await tx.datasetFile.findFirst({
    where: { datasetId: v.datasetId, name: v.name, ...liveFile },
    select: { id: true, version: true, access: true, sha256: true, phases: boundPhase, answerKeyOf: boundPhase },
  });
  // A multi-task phase names its task truths by name: the new version becomes the truth of those too.
  const bound = live ? [...live.phases, ...live.answerKeyOf, ...(await taskTruthPhases(tx, v))] : [];
  const opened = bound.filter((p) => p.openedAt);
  if (opened.length) {
    throw new AppError(
      "CONFLICT",
      `${v.name} is the truth of ${opened.map((p) => p.name).join(", ")}, which has been opened; it stays as it was opened.`,
    );
  }
  const access = v.access ?? live?.access ?? "ORGANIZERS";
  if (bound.length && access !== "TRUTH") {
    throw new AppError(
      "CONFLICT",
      `${v.name} is the truth of ${bound.map((p) => p.name).join(", ")}; its new version must be at level truth too.`,
    );
  }
  return { live, bound, access };
}

export async function publishFileVersion(tx: Prisma.TransactionClient, v: NewVersion) {
  const { live, bound, access } = await replacementOf(tx, v);
  const { _max } = await tx.datasetFile.aggregate({
    where: { datasetId: v.datasetId, name: v.name },
    _max: { version: true },
  });
  if (live) await tx.datasetFile.update({ where: { id: live.id }, data: { supersededAt: new Date() } });
  const file = await tx.datasetFile.create({
    data: {
      datasetId: v.datasetId,
      name: v.name,
      version: (_max.version ?? 0) + 1,
      key: v.key,
      size: BigInt(v.size),
      sha256: v.sha256,
      access,
      uploadedById: v.actorId,
    },
    select: { id: true, name: true, version: true, access: true, sha256: true, size: true },
  });
  if (live) {
    await tx.phase.updateMany({ where: { truthFileId: live.id }, data: { truthFileId: file.id } });
    await tx.phase.updateMany({ where: { answerKeyFileId: live.id }, data: { answerKeyFileId: file.id } });
  }
  await recordAudit(tx, {
    actorId: v.actorId,
    action: "file.published",
    challengeId: v.challengeId,
    subjectType: "DatasetFile",
    subjectId: file.id,
    data: {
      name: v.name,
      version: file.version,
      sha256: v.sha256,
      size: v.size,
      level: access,
      replaced: live ? { version: live.version, sha256: live.sha256 } : null,
      truthOf: bound.map((p) => p.name),
    },
  });
  return { ...file, size: Number(file.size) };
}
