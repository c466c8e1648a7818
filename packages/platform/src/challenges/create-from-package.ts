// A site admin creates a challenge from a package in `challenges/<slug>/`:
// its definition becomes the challenge, its phases and its datasets, and
// optionally its generator's synthetic data is published as the files'
// first versions. Organizers then upload the real files as new versions.
import { randomUUID } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { challengeDefinitions, findChallengeDefinition, type ChallengeDefinition } from "@unblind/challenges/index.ts";
import type { DataSize, FileAccessLevel } from "@unblind/challenges/shared/definition.ts";
import { resolveWhen } from "@unblind/challenges/shared/bundle/read-bundle.ts";
import { secretSeed, type Seed } from "@unblind/challenges/shared/random.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { publishFileVersion } from "../datasets/publish-file-version.ts";
import { sha256OfFile } from "../storage/sha256-of-file.ts";
import { requireSignedIn, requireSiteAdmin } from "./challenge-access.ts";

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

export function listChallengePackages() {
  return challengeDefinitions.map((d) => ({
    package: d.slug,
    title: d.title,
    summary: d.summary,
    phases: d.phases.map((p) => p.name),
    datasets: d.datasets.map((s) => s.name),
    generatesData: !!d.generateDemoData,
  }));
}

/** The challenge row, its phases (timed from now), its datasets and its organizer. */
export async function insertChallenge(
  db: Db,
  def: ChallengeDefinition,
  c: { slug: string; title: string; organizerId: string | null },
) {
  const now = new Date();
  return db.challenge.create({
    data: {
      slug: c.slug,
      title: c.title,
      summary: def.summary,
      description: def.description,
      pages: def.pages,
      scorer: def.scorer,
      primaryMetric: def.primaryMetric,
      secondaryMetric: def.secondaryMetric ?? null,
      higherIsBetter: def.higherIsBetter,
      acceptingSubmissions: def.acceptingSubmissions,
      metrics: def.metrics as unknown as object[],
      submissionFormat: def.submissionFormat,
      ...(def.scoringConfig ? { scoringConfig: def.scoringConfig } : {}),
      gates: (def.gates ?? []) as unknown as object[],
      ...(def.blackBox ? { blackBox: def.blackBox } : {}),
      phases: {
        create: def.phases.map((p) => ({
          name: p.name,
          kind: p.kind ?? "STANDARD",
          opensAt: resolveWhen(p.opens, now),
          closesAt: p.closes === null ? null : resolveWhen(p.closes, now),
          maxPerDay: p.maxPerDay,
          maxFileBytes: BigInt(p.maxFileBytes),
          ...(p.taskTruthFiles ? { taskTruths: p.taskTruthFiles } : {}),
          ...(p.code ? { code: p.code } : {}),
          ...(p.primaryMetric ? { primaryMetric: p.primaryMetric } : {}),
          ...p.leaderboard,
        })),
      },
      datasets: { create: def.datasets.map((d) => ({ name: d.name, description: d.description })) },
      ...(c.organizerId ? { roles: { create: { userId: c.organizerId, role: "ORGANIZER" as const } } } : {}),
    },
    select: { id: true, slug: true, title: true },
  });
}

/** A stored object published as the first version of a challenge's file, bound as the truth or key it is. */
export async function publishChallengeFile(
  db: Db,
  challenge: { id: string },
  def: ChallengeDefinition,
  actorId: string | null,
  f: { dataset: string; name: string; access: FileAccessLevel; key: string; size: number; sha256: string },
) {
  const dataset = await db.dataset.findUniqueOrThrow({
    where: { challengeId_name: { challengeId: challenge.id, name: f.dataset } },
    select: { id: true },
  });
  await db.$transaction(async (tx) => {
    const file = await publishFileVersion(tx, { ...f, datasetId: dataset.id, challengeId: challenge.id, actorId });
    for (const p of def.phases) {
      if (f.name === p.truthFile)
        await tx.phase.updateMany({
          where: { challengeId: challenge.id, name: p.name },
          data: { truthFileId: file.id },
        });
      if (f.name === p.answerKeyFile)
        await tx.phase.updateMany({
          where: { challengeId: challenge.id, name: p.name },
          data: { answerKeyFileId: file.id },
        });
    }
  });
}

/**
 * Runs the package's generator and publishes each file it writes, binding
 * truth and key files to their phases. The generator's seed is a fresh
 * secret, used once and never stored: the public generator cannot reproduce
 * the hidden truth. `seed` is for tests that must know the data.
 */
export async function publishGeneratedData(
  platform: Platform,
  def: ChallengeDefinition,
  challenge: { id: string; slug: string },
  actorId: string | null,
  size?: DataSize,
  seed: Seed = secretSeed(),
): Promise<number> {
  const { db, storage } = platform;
  if (!def.generateDemoData) return 0;
  // Private: the generated files include the truth until they are published.
  const dir = mkdtempSync(path.join(tmpdir(), `unblind-data-${challenge.slug}-`));
  try {
    const files = await def.generateDemoData(dir, { ...size, seed });
    for (const f of files) {
      const key = `datasets/${challenge.slug}/${randomUUID()}/${f.name}`;
      await storage.putStream(key, createReadStream(f.path));
      await publishChallengeFile(db, challenge, def, actorId, {
        ...f,
        key,
        size: statSync(f.path).size,
        sha256: await sha256OfFile(f.path),
      });
    }
    return files.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CreateFromPackageInput {
  package: string;
  /** By default the package's own slug. */
  slug?: string;
  title?: string;
  /** The first organizer; by default the caller. */
  organizerEmail?: string;
  /** Publish the generator's synthetic data (default true). */
  syntheticData?: boolean;
  size?: DataSize;
}

/**
 * The challenge row of a definition (a package or a bundle), under a free
 * slug, with its first organizer (the caller unless named) and the audit
 * event `challenge.created` naming where it came from.
 */
export async function createChallenge(
  platform: Platform,
  caller: NonNullable<Caller>,
  def: ChallengeDefinition,
  c: { slug: string; title: string; organizerEmail?: string; source: Record<string, unknown> },
) {
  const { db } = platform;
  const slug = c.slug;
  if (!SLUG.test(slug))
    throw new AppError(
      "BAD_REQUEST",
      `"${slug}" is not a usable slug: 3 to 40 lowercase letters, digits and "-", not starting or ending with "-".`,
    );
  const title = c.title.trim();
  if (!title || title.length > 120) throw new AppError("BAD_REQUEST", "The title must be 1 to 120 characters.");
  if (await db.challenge.findUnique({ where: { slug }, select: { id: true } }))
    throw new AppError("CONFLICT", `A challenge "${slug}" exists already; choose another slug.`);
  const organizer = c.organizerEmail
    ? await db.user.findUnique({ where: { email: c.organizerEmail }, select: { id: true } })
    : await db.user.findUnique({ where: { id: caller.userId }, select: { id: true } });
  if (c.organizerEmail && !organizer) throw new AppError("NOT_FOUND", `No user ${c.organizerEmail}.`);
  const challenge = await insertChallenge(db, def, { slug, title, organizerId: organizer?.id ?? null }).catch(
    (error: { code?: string }) => {
      throw error.code === "P2002"
        ? new AppError("CONFLICT", `A challenge "${slug}" exists already; choose another slug.`)
        : error;
    },
  );
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actorId: caller.userId,
      action: "challenge.created",
      challengeId: challenge.id,
      subjectType: "Challenge",
      subjectId: challenge.id,
      data: { ...c.source, slug, title, organizer: c.organizerEmail ?? null },
    }),
  );
  return challenge;
}

export async function createChallengeFromPackage(platform: Platform, caller: Caller, input: CreateFromPackageInput) {
  requireSignedIn(caller);
  requireSiteAdmin(caller, "create challenges");
  const def = findChallengeDefinition(input.package);
  if (!def)
    throw new AppError(
      "NOT_FOUND",
      `No challenge package "${input.package}"; the packages are ${challengeDefinitions.map((d) => d.slug).join(", ")}.`,
    );
  const challenge = await createChallenge(platform, caller, def, {
    slug: input.slug ?? def.slug,
    title: input.title ?? def.title,
    organizerEmail: input.organizerEmail,
    source: { package: def.slug, syntheticData: input.syntheticData !== false },
  });
  const files =
    input.syntheticData === false ? 0 : await publishGeneratedData(platform, def, challenge, caller.userId, input.size);
  return { ...challenge, package: def.slug, phases: def.phases.map((p) => p.name), files };
}
