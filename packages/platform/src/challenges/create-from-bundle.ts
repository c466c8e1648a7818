// Creating a challenge from a bundle (challenges/shared/bundle/): a folder,
// or a .zip / .tar.gz of one. The bundle is read and checked completely
// before anything is created (every problem at once, each with its file, line
// and column); then the challenge, its phases and datasets are created, the
// data files inside the bundle published (truth bound to its phases), files
// given by SHA-256 taken from storage, and a built-in generator run. If a
// step after the creation fails, the challenge is removed again: a bundle
// that fails creates nothing.
import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { BUILT_IN_GENERATORS, findChallengeDefinition } from "@unblind/challenges/index.ts";
import { BundleError, type ChallengeBundle, readBundle } from "@unblind/challenges/shared/bundle/read-bundle.ts";
import { SCORER_NAMES } from "@unblind/scoring/run-scorer.ts";
import { dryRunExample } from "./dry-run-example.ts";
import { bundleRefusal } from "./bundle-refusal.ts";
import { checkBundleTruths } from "./check-bundle-truths.ts";
import type { DataSize } from "@unblind/challenges/shared/definition.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { groupsOfUser } from "../groups/groups-of-user.ts";
import type { Caller, Platform } from "../platform.ts";
import { scorerFacts } from "../scorers/registry.ts";
import { sha256OfFile } from "../storage/sha256-of-file.ts";
import { accessOf, organizedChallenges, requireSignedIn } from "./challenge-access.ts";
import { createChallenge, publishChallengeFile, publishGeneratedData } from "./create-from-package.ts";

export interface CreateFromBundleInput {
  /** The bundle's folder (an archive is unpacked by the transport first: unpack-bundle.ts). */
  dir: string;
  slug?: string;
  organizerEmail?: string;
  /** Built-in generators: how much data (tests and demos). */
  size?: DataSize;
  /** Check only: every problem, or the preview; nothing is created. */
  dryRun?: boolean;
}

/** Site admins, and members of the operator's challenge-creators group. */
export async function requireChallengeCreator(platform: Platform, caller: Caller): Promise<NonNullable<Caller>> {
  requireSignedIn(caller);
  if (caller.siteRole === "ADMIN") return caller;
  const group = platform.env.CHALLENGE_CREATORS_GROUP;
  if ((await groupsOfUser(platform.db, caller.userId)).some((g) => g.name === group)) return caller;
  throw new AppError("FORBIDDEN", `Only site admins and members of the group ${group} can create challenges.`);
}

/** The bundle read and checked against this platform's scorers and generators; a BAD_REQUEST listing every problem. */
export function checkBundle(dir: string): ChallengeBundle {
  try {
    return readBundle(dir, { scorers: scorerFacts(), generators: BUILT_IN_GENERATORS });
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw bundleRefusal(error.problems);
  }
}

/** What a bundle would create: shown before anything is. */
export function bundlePreview(bundle: ChallengeBundle) {
  const d = bundle.definition;
  return {
    slug: d.slug,
    title: d.title,
    summary: d.summary,
    scorer: d.scorer,
    primaryMetric: d.primaryMetric,
    metrics: d.metrics.map((m) => m.key),
    pages: d.pages.map((p) => p.title),
    phases: d.phases.map((p) => ({ name: p.name, kind: p.kind, opens: p.opens, closes: p.closes })),
    datasets: d.datasets.map((s) => s.name),
    files: d.files.map((f) => ({
      name: f.name,
      access: f.access,
      source: bundle.files.some((b) => b.name === f.name)
        ? "bundle"
        : bundle.yaml.datasets.some((s) => s.files?.some((x) => x.name === f.name && x.sha256))
          ? "stored (by SHA-256)"
          : bundle.yaml.generator
            ? "generated"
            : "uploaded afterwards",
    })),
  };
}

/**
 * The example submission scored against its phase's truth, which must be
 * inside the bundle, as a dry run by the scoring service in its sandbox
 * (dry-run-example.ts): the same CLI, limits and classification as a
 * participant's file. A submission the scorer refuses is a problem of the
 * bundle, at `example`, located in the example's file.
 */
async function scoreExample(platform: Platform, bundle: ChallengeBundle): Promise<Record<string, unknown> | null> {
  if (!bundle.example) return null;
  const { phase, path: submission } = bundle.example;
  const def = bundle.definition;
  const bound = def.phases.find((p) => p.name === phase);
  const inBundle = (name: string | undefined) => bundle.files.find((f) => f.name === name)?.path;
  const taskTruths = bound?.taskTruthFiles
    ? Object.entries(bound.taskTruthFiles).map(([task, name]) => [task, inBundle(name)] as const)
    : undefined;
  const truth = taskTruths
    ? taskTruths.every(([, p]) => p)
      ? (Object.fromEntries(taskTruths) as Record<string, string>)
      : undefined
    : inBundle(bound?.truthFile);
  // One refusal, at the example's file: where the scorer found the problem, or the example itself.
  const refuse = (message: string, at: { line?: number; column?: number } = {}): never => {
    throw bundleRefusal([{ file: bundle.yaml.example!.file, ...at, message }], " (the example submission)");
  };
  if (!truth) return refuse(`the phase ${phase} has no truth inside the bundle to score the example against`);
  if (!SCORER_NAMES.includes(def.scorer)) return refuse(`the scorer ${def.scorer} cannot score files`);
  const result = await dryRunExample(platform, { scorer: def.scorer, config: def.scoringConfig, truth, submission });
  if ("error" in result)
    return refuse(result.error.message.replace(/^[^:]*: /, ""), {
      line: result.error.line ?? undefined,
      column: result.error.column ?? undefined,
    });
  if ("failed" in result)
    return refuse(`the scorer could not score it (${result.failed}): is the truth in the scorer's format?`);
  return Object.fromEntries(def.metrics.map((m) => [m.key, result.scores[m.key] ?? null]));
}

export async function createChallengeFromBundle(platform: Platform, caller: Caller, input: CreateFromBundleInput) {
  const creator = await requireChallengeCreator(platform, caller);
  const bundle = checkBundle(input.dir);
  await checkBundleTruths(bundle);
  const stored = await storedFiles(platform.db, creator, bundle);
  const example = await scoreExample(platform, bundle);
  if (input.dryRun) return { created: false as const, preview: { ...bundlePreview(bundle), example } };
  const def = bundle.definition;
  const generator = bundle.yaml.generator
    ? findChallengeDefinition(bundle.yaml.generator)?.generateDemoData
    : undefined;
  const challenge = await createChallenge(platform, creator, def, {
    slug: input.slug ?? def.slug,
    title: def.title,
    organizerEmail: input.organizerEmail,
    source: { bundle: def.slug },
  });
  try {
    let files = 0;
    const keyOf = (name: string) => `datasets/${challenge.slug}/${randomUUID()}/${name}`;
    for (const f of bundle.files) {
      const key = keyOf(f.name);
      await platform.storage.putStream(key, createReadStream(f.path));
      await publishChallengeFile(platform.db, challenge, def, creator.userId, {
        ...f,
        key,
        size: statSync(f.path).size,
        sha256: await sha256OfFile(f.path),
      });
      files++;
    }
    for (const f of stored) {
      const key = keyOf(f.name);
      await platform.storage.copy(f.key, key);
      await publishChallengeFile(platform.db, challenge, def, creator.userId, { ...f, key });
      files++;
    }
    if (generator)
      files += await publishGeneratedData(
        platform,
        { ...def, generateDemoData: generator },
        challenge,
        creator.userId,
        input.size,
      );
    return { created: true as const, ...challenge, phases: def.phases.map((p) => p.name), files, example };
  } catch (error) {
    await platform.db.challenge.delete({ where: { id: challenge.id } }).catch(() => {});
    throw error;
  }
}

/** Files given by SHA-256: each must be stored already, in a challenge the caller organizes (never another's truth). */
async function storedFiles(db: Db, caller: NonNullable<Caller>, bundle: ChallengeBundle) {
  const organized = organizedChallenges(await accessOf(db, caller));
  const out: {
    dataset: string;
    name: string;
    access: "PUBLIC" | "PARTICIPANTS" | "ORGANIZERS" | "TRUTH";
    key: string;
    sha256: string;
    size: number;
  }[] = [];
  const problems: string[] = [];
  for (const d of bundle.yaml.datasets)
    for (const f of d.files ?? []) {
      if (!f.sha256 || f.path) continue;
      const file = await db.datasetFile.findFirst({
        where: { sha256: f.sha256, dataset: { challenge: organized } },
        select: { key: true, size: true },
      });
      if (!file)
        problems.push(
          `${f.name}: no stored file with SHA-256 ${f.sha256} in a challenge you organize; put the file in the bundle`,
        );
      else
        out.push({
          dataset: d.name,
          name: f.name,
          access: LEVELS[f.access],
          key: file.key,
          sha256: f.sha256,
          size: Number(file.size),
        });
    }
  if (problems.length)
    throw new AppError(
      "BAD_REQUEST",
      `The bundle refers to files it does not hold; nothing was created.\n${problems.join("\n")}`,
    );
  return out;
}

const LEVELS = { public: "PUBLIC", participants: "PARTICIPANTS", organizers: "ORGANIZERS", truth: "TRUTH" } as const;
