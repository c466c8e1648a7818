// Hosting a labelled release blind. An organizer uploads the labelled file
// (the public top-tagging test.h5 with its labels, the LHC Olympics R&D file
// with its label column) at level organizers or truth, and names the
// answer-bearing columns; a sandboxed job (apps/scorer/src/derive-release.ts
// running scoring/src/derive) writes the participant file (the official layout
// minus exactly those columns) and the answer key (exactly those), and this
// module publishes both (the participant file at level participants, the key
// at level truth, optionally as the truth of named phases) with both SHA-256
// values and the derivation in the audit log. The labelled original never
// reaches participants: a file they can already download is refused.
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { recordAudit } from "../audit/record-audit.ts";
import { organizedChallenge } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import { enqueueDerivation } from "../jobs/definitions/derive-blind-release.ts";
import type { Caller, Platform } from "../platform.ts";
import { scorerEntry } from "../scorers/registry.ts";
import { datasetIdByName } from "./dataset-by-name.ts";
import { checkDatasetFileName } from "./dataset-upload.ts";
import { liveFile } from "./live-file.ts";
import { publishFileVersion, replacementOf } from "./publish-file-version.ts";

export interface BlindDerivationInput {
  challengeSlug: string;
  /** The labelled file: its dataset and name (the live version is used). */
  source: { dataset: string; name: string };
  /** The pandas key of the frame in the file. */
  frameKey: string;
  /** The columns that carry the answer. */
  answerColumns: string[];
  participant: { dataset: string; name: string };
  answerKey: { dataset: string; name: string };
  /** Phases whose truth becomes the derived key. */
  truthOf?: string[];
}

const manage = "host a labelled file blind";
/** A derivation RUNNING longer than this belongs to a worker that stopped; it may be taken up again. */
const STALE_MINUTES = 60;

export async function requestBlindDerivation(platform: Platform, caller: Caller, input: BlindDerivationInput) {
  const { db } = platform;
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.challengeSlug },
    { id: true, slug: true, scorer: true, phases: { select: { name: true, kind: true, openedAt: true } } },
    manage,
  );
  const answerColumns = [...new Set(input.answerColumns.map((c) => c.trim()).filter(Boolean))];
  if (answerColumns.length === 0 || answerColumns.length > 100 || answerColumns.some((c) => c.length > 200))
    throw new AppError("BAD_REQUEST", "Name 1 to 100 answer columns (each at most 200 characters).");
  if (!/^\/?[A-Za-z_][\w/]{0,99}$/.test(input.frameKey))
    throw new AppError(
      "BAD_REQUEST",
      `"${input.frameKey.slice(0, 80)}" is not a pandas key (letters, digits, "_", "/").`,
    );
  const participantName = checkDatasetFileName(input.participant.name);
  const keyName = checkDatasetFileName(input.answerKey.name);
  const sourceDataset = await datasetIdByName(db, challenge, input.source.dataset);
  const source = await db.datasetFile.findFirst({
    where: { datasetId: sourceDataset, name: input.source.name, ...liveFile },
    select: { id: true, access: true, sha256: true },
  });
  if (!source) throw new AppError("NOT_FOUND", `No file ${input.source.name} in ${input.source.dataset}.`);
  if (source.access === "PUBLIC" || source.access === "PARTICIPANTS")
    throw new AppError(
      "CONFLICT",
      `${input.source.name} is at level ${source.access.toLowerCase()}: participants can already download its labels. Upload the labelled file at level organizers or truth, then derive.`,
    );
  const participantDataset = await datasetIdByName(db, challenge, input.participant.dataset);
  const keyDataset = await datasetIdByName(db, challenge, input.answerKey.dataset);
  const same = (d: string, n: string) => d === sourceDataset && n === input.source.name;
  if (same(participantDataset, participantName) || same(keyDataset, keyName))
    throw new AppError(
      "BAD_REQUEST",
      "The derived files need names of their own: the labelled original is kept as it is.",
    );
  if (participantDataset === keyDataset && participantName === keyName)
    throw new AppError("BAD_REQUEST", "The participant file and the answer key need different names.");
  const truthOf = [...new Set(input.truthOf ?? [])];
  for (const name of truthOf) {
    const phase = challenge.phases.find((p) => p.name === name);
    if (!phase) throw new AppError("NOT_FOUND", `No phase "${name}" in ${challenge.slug}.`);
    if (phase.openedAt) throw new AppError("CONFLICT", `${name} has been opened; its truth stays as it was opened.`);
  }
  // Checked now, before the job: the names may replace live versions only as publishing allows.
  await replacementOf(db, { datasetId: participantDataset, name: participantName, access: "PARTICIPANTS" });
  await replacementOf(db, { datasetId: keyDataset, name: keyName, access: "TRUTH" });
  const derivation = await db.$transaction(async (tx) => {
    const row = await tx.blindDerivation.create({
      data: {
        challengeId: challenge.id,
        sourceFileId: source.id,
        frameKey: input.frameKey,
        answerColumns,
        participantDatasetId: participantDataset,
        participantName,
        keyDatasetId: keyDataset,
        keyName,
        truthOf,
        createdById: caller!.userId,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "dataset.derivation_requested",
      challengeId: challenge.id,
      subjectType: "BlindDerivation",
      subjectId: row.id,
      data: {
        source: { name: input.source.name, sha256: source.sha256 },
        frameKey: input.frameKey,
        answerColumns,
        participant: participantName,
        answerKey: keyName,
        truthOf,
      },
    });
    return row;
  });
  // A failed send leaves the derivation QUEUED; requesting again, or the next worker start, picks it up.
  await enqueueDerivation(await platform.queue(), derivation.id).catch(() => {});
  return getBlindDerivation(platform, caller, derivation.id);
}

const derivationSelect = {
  id: true,
  status: true,
  error: true,
  frameKey: true,
  answerColumns: true,
  participantName: true,
  keyName: true,
  truthOf: true,
  result: true,
  participantFileId: true,
  keyFileId: true,
  createdAt: true,
  finishedAt: true,
  challengeId: true,
} satisfies Prisma.BlindDerivationSelect;

/** A derivation's state, for the organizers of its challenge (NOT_FOUND for anyone else). */
export async function getBlindDerivation(platform: Platform, caller: Caller, id: string) {
  const row = await platform.db.blindDerivation.findUnique({ where: { id }, select: derivationSelect });
  const organized =
    row &&
    (await organizedChallenge(platform.db, caller, { id: row.challengeId }, { id: true }, manage).catch(() => null));
  if (!row || !organized) throw new AppError("NOT_FOUND", "No such derivation.");
  const { challengeId: _, ...shown } = row;
  return shown;
}

// ── the worker's side ──────────────────────────────────────────────────────

/** Takes a queued derivation (or one whose worker stopped) for this run; null when another has it or it is done. */
export async function claimDerivation(db: Db, id: string) {
  const claimed = await db.blindDerivation.updateMany({
    where: {
      id,
      OR: [
        { status: "QUEUED" },
        { status: "RUNNING", startedAt: { lt: new Date(Date.now() - STALE_MINUTES * 60_000) } },
      ],
    },
    data: { status: "RUNNING", startedAt: new Date(), error: null },
  });
  if (claimed.count === 0) return null;
  const row = await db.blindDerivation.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      frameKey: true,
      answerColumns: true,
      sourceFileId: true,
      participantDatasetId: true,
      participantName: true,
      keyDatasetId: true,
      keyName: true,
      truthOf: true,
      createdById: true,
      challenge: { select: { id: true, slug: true, scorer: true, scoringConfig: true } },
    },
  });
  const source = await db.datasetFile.findUniqueOrThrow({
    where: { id: row.sourceFileId },
    select: { key: true, sha256: true, size: true, name: true },
  });
  return {
    ...row,
    source: { ...source, size: Number(source.size) },
    mustRemove: [...scorerEntry(row.challenge.scorer).answerColumns],
  };
}

export type ClaimedDerivation = NonNullable<Awaited<ReturnType<typeof claimDerivation>>>;

/** Ends a derivation FAILED with the reason in words (the organizer's file or request, or an internal error). */
export async function failDerivation(db: Db, id: string, reason: string) {
  await db.$transaction(async (tx) => {
    const row = await tx.blindDerivation.update({
      where: { id },
      data: { status: "FAILED", error: reason.slice(0, 2000), finishedAt: new Date() },
      select: { challengeId: true },
    });
    await recordAudit(tx, {
      actorId: null,
      action: "dataset.derivation_failed",
      challengeId: row.challengeId,
      subjectType: "BlindDerivation",
      subjectId: id,
      data: { reason: reason.slice(0, 2000) },
    });
  });
}

export interface DerivedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Stores the two derived files and publishes them in one transaction: the
 * participant file at level participants, the key at level truth (and as the
 * truth of the requested phases), with the derivation in the audit log.
 */
export async function publishDerivation(
  platform: Platform,
  derivation: ClaimedDerivation,
  files: { participant: DerivedFile; answerKey: DerivedFile },
  result: { format: string; nRows: number; participantColumns: string[]; answerColumns: string[] },
) {
  const { db, storage } = platform;
  const keyOf = (name: string) => `datasets/${derivation.challenge.slug}/${randomUUID()}/${name}`;
  const participantKey = keyOf(derivation.participantName);
  const answerKeyKey = keyOf(derivation.keyName);
  try {
    // Stored, then read back: what is published is exactly what the sandbox wrote.
    for (const [key, file] of [
      [participantKey, files.participant],
      [answerKeyKey, files.answerKey],
    ] as const) {
      await storage.putStream(key, createReadStream(file.path));
      const stored = await storage.sha256(key);
      if (stored !== file.sha256) throw new Error(`${key} was stored with SHA-256 ${stored}, not ${file.sha256}`);
    }
    await db.$transaction(async (tx) => {
      const participant = await publishFileVersion(tx, {
        datasetId: derivation.participantDatasetId,
        challengeId: derivation.challenge.id,
        name: derivation.participantName,
        key: participantKey,
        size: files.participant.size,
        sha256: files.participant.sha256,
        access: "PARTICIPANTS",
        actorId: derivation.createdById,
      });
      const key = await publishFileVersion(tx, {
        datasetId: derivation.keyDatasetId,
        challengeId: derivation.challenge.id,
        name: derivation.keyName,
        key: answerKeyKey,
        size: files.answerKey.size,
        sha256: files.answerKey.sha256,
        access: "TRUTH",
        actorId: derivation.createdById,
      });
      if (derivation.truthOf.length)
        await tx.phase.updateMany({
          where: { challengeId: derivation.challenge.id, name: { in: derivation.truthOf }, openedAt: null },
          data: { truthFileId: key.id },
        });
      await tx.blindDerivation.update({
        where: { id: derivation.id },
        data: {
          status: "DONE",
          participantFileId: participant.id,
          keyFileId: key.id,
          result: { ...result, participantColumns: result.participantColumns.length },
          finishedAt: new Date(),
        },
      });
      await recordAudit(tx, {
        actorId: derivation.createdById,
        action: "dataset.blind_derived",
        challengeId: derivation.challenge.id,
        subjectType: "BlindDerivation",
        subjectId: derivation.id,
        data: {
          source: { name: derivation.source.name, sha256: derivation.source.sha256 },
          frameKey: derivation.frameKey,
          format: result.format,
          rows: result.nRows,
          removed: result.answerColumns,
          kept: result.participantColumns.length,
          participant: {
            name: derivation.participantName,
            version: participant.version,
            sha256: files.participant.sha256,
          },
          answerKey: { name: derivation.keyName, version: key.version, sha256: files.answerKey.sha256 },
          truthOf: derivation.truthOf,
        },
      });
    });
  } catch (error) {
    await storage.delete(participantKey).catch(() => {});
    await storage.delete(answerKeyKey).catch(() => {});
    throw error;
  }
}

/**
 * What the organizers' form needs: the files that may be hosted blind (live,
 * at level organizers or truth), the challenge's known answer columns and
 * phases, and the recent derivations with their state.
 */
export async function listBlindDerivations(platform: Platform, caller: Caller, slug: string) {
  const { db } = platform;
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug },
    { id: true, scorer: true, phases: { select: { name: true, kind: true } } },
    manage,
  );
  const sources = await db.datasetFile.findMany({
    where: { dataset: { challengeId: challenge.id }, access: { in: ["ORGANIZERS", "TRUTH"] }, ...liveFile },
    select: { name: true, dataset: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  const derivations = await db.blindDerivation.findMany({
    where: { challengeId: challenge.id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: derivationSelect,
  });
  return {
    sources: sources.map((f) => ({ dataset: f.dataset.name, name: f.name })),
    knownAnswerColumns: [...scorerEntry(challenge.scorer).answerColumns],
    phases: challenge.phases.filter((p) => p.kind === "STANDARD").map((p) => p.name),
    derivations: derivations.map(({ challengeId: _, ...d }) => d),
  };
}
