// Organizers set who sees a challenge, who may take part, who organizes it
// with them, and each dataset file's level. Each change and its audit event
// (with the before and after) are written in one transaction.
import { phaseSelect } from "./selects.ts";
import { readMetricColumns } from "../scorers/stored-results.ts";
import { pagesOf } from "./set-challenge-pages.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../db/client.ts";
import type { ChallengeVisibility, FileAccess, Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { parseFpgaConfig } from "@unblind/scoring/fpga/fpga-config.ts";
import { scorerEntry } from "../scorers/registry.ts";
import { phaseFields } from "../leaderboard/leaderboard-settings.ts";
import { organizedChallenge } from "./challenge-access.ts";
import { PROGRAM, parseProgramConfig } from "@unblind/scoring/challenges/program-config.ts";
import { liveFile } from "../datasets/live-file.ts";

export interface ChallengeAccessSettings {
  visibility: ChallengeVisibility;
  /** Groups that may see a RESTRICTED challenge. */
  viewGroups: string[];
  /** Groups whose members organize the challenge. */
  organizerGroups: string[];
  /** Participants must be in this group… (null: anyone who sees the challenge). */
  eligibleGroup: string | null;
  /** …and also in this one. */
  alsoRequiredGroup: string | null;
}

const settingsSelect = {
  id: true,
  slug: true,
  visibility: true,
  grants: { select: { kind: true, group: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
  eligibleGroup: { select: { name: true } },
  alsoRequiredGroup: { select: { name: true } },
  roles: { where: { role: "ORGANIZER" }, select: { user: { select: { email: true } } } },
} satisfies Prisma.ChallengeSelect;

/** What the leaderboard settings form shows (set with setLeaderboardSettings). */
const leaderboardSelect = {
  metrics: true,
  primaryMetric: true,
  secondaryMetric: true,
  phases: {
    where: { kind: { in: ["STANDARD", "CODE"] } },
    orderBy: { opensAt: "asc" },
    select: { name: true, ...phaseFields, privateRevealedAt: true },
  },
} satisfies Prisma.ChallengeSelect;

const settingsOfChallenge = (db: Db, caller: Caller, slug: string) =>
  organizedChallenge(db, caller, { slug }, settingsSelect, "change its settings");

function settingsOf(c: Prisma.ChallengeGetPayload<{ select: typeof settingsSelect }>): ChallengeAccessSettings {
  const groups = (kind: "VIEW" | "ORGANIZE") => c.grants.filter((g) => g.kind === kind).map((g) => g.group.name);
  return {
    visibility: c.visibility,
    viewGroups: groups("VIEW"),
    organizerGroups: groups("ORGANIZE"),
    eligibleGroup: c.eligibleGroup?.name ?? null,
    alsoRequiredGroup: c.alsoRequiredGroup?.name ?? null,
  };
}

/** The access settings and every dataset file with its level (TRUTH included: organizers manage it). */
export async function getChallengeSettings({ db }: Platform, caller: Caller, slug: string) {
  const c = await settingsOfChallenge(db, caller, slug);
  const leaderboard = await db.challenge.findUniqueOrThrow({ where: { id: c.id }, select: leaderboardSelect });
  const files = await db.datasetFile.findMany({
    where: { dataset: { challengeId: c.id }, ...liveFile },
    select: {
      id: true,
      name: true,
      access: true,
      size: true,
      dataset: { select: { name: true } },
      phases: { select: { name: true } },
    },
    orderBy: [{ dataset: { name: "asc" } }, { name: "asc" }],
  });
  const scoring = await db.challenge.findUniqueOrThrow({
    where: { id: c.id },
    select: {
      scorer: true,
      scoringConfig: true,
      pages: true,
      description: true,
      phases: {
        orderBy: { opensAt: "asc" },
        select: phaseSelect,
      },
    },
  });
  return {
    /** An organizer's scoring program: its live version, and the scores made with another one (to re-score). */
    scoringProgram: scoring.scorer === PROGRAM ? await scoringProgramOf(db, c.id, scoring.scoringConfig) : null,
    ...settingsOf(c),
    /** The FPGA track's budget (null for other challenges). */
    fpgaBudget:
      scorerEntry(scoring.scorer).configView === "fpga-budget" ? parseFpgaConfig(scoring.scoringConfig) : null,
    organizerUsers: c.roles.map((r) => r.user.email),
    pages: pagesOf(scoring),
    /** Every phase's dates and limits (set-phase-schedule.ts). */
    phases: scoring.phases.map((p) => ({ ...p, maxFileBytes: Number(p.maxFileBytes) })),
    leaderboard: { ...leaderboard, metrics: readMetricColumns(leaderboard.metrics) },
    files: files.map((f) => ({
      id: f.id,
      name: f.name,
      dataset: f.dataset.name,
      level: f.access,
      size: Number(f.size),
      truthOfPhases: f.phases.map((p) => p.name),
    })),
  };
}

export async function setChallengeAccess(
  { db }: Platform,
  caller: Caller,
  slug: string,
  next: ChallengeAccessSettings,
): Promise<ChallengeAccessSettings> {
  const c = await settingsOfChallenge(db, caller, slug);
  const names = [
    ...new Set(
      [...next.viewGroups, ...next.organizerGroups, next.eligibleGroup, next.alsoRequiredGroup].filter(
        (n): n is string => !!n,
      ),
    ),
  ];
  const found = await db.group.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
  const unknown = names.filter((n) => !found.some((g) => g.name === n));
  if (unknown.length) throw new AppError("BAD_REQUEST", `No group ${unknown.join(", ")}.`);
  if (next.alsoRequiredGroup && !next.eligibleGroup)
    throw new AppError("BAD_REQUEST", "An also-required group needs an eligible group first.");
  if (
    next.visibility === "RESTRICTED" &&
    next.viewGroups.length === 0 &&
    next.organizerGroups.length === 0 &&
    c.roles.length === 0
  ) {
    throw new AppError(
      "BAD_REQUEST",
      "A restricted challenge needs at least one group that may see it, or it is visible to site admins only.",
    );
  }
  const id = (n: string | null) => (n ? found.find((g) => g.name === n)!.id : null);
  const before = settingsOf(c);
  return db.$transaction(async (tx) => {
    await tx.challengeGrant.deleteMany({ where: { challengeId: c.id } });
    await tx.challengeGrant.createMany({
      data: [
        ...[...new Set(next.viewGroups)].map((n) => ({ challengeId: c.id, groupId: id(n)!, kind: "VIEW" as const })),
        ...[...new Set(next.organizerGroups)].map((n) => ({
          challengeId: c.id,
          groupId: id(n)!,
          kind: "ORGANIZE" as const,
        })),
      ],
    });
    const updated = await tx.challenge.update({
      where: { id: c.id },
      data: {
        visibility: next.visibility,
        eligibleGroupId: id(next.eligibleGroup),
        alsoRequiredGroupId: id(next.alsoRequiredGroup),
      },
      select: settingsSelect,
    });
    const after = settingsOf(updated);
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "challenge.access_changed",
      challengeId: c.id,
      subjectType: "Challenge",
      subjectId: c.id,
      data: { before: { ...before }, after: { ...after } },
    });
    return after;
  });
}

export type GrantOption = "visible-to" | "organizers" | "eligible" | "also-required";

/** Adds one grant (the admin CLI's `challenge grant`); a view grant makes the challenge RESTRICTED. */
export async function grantOnChallenge(
  platform: Platform,
  caller: Caller,
  slug: string,
  option: GrantOption,
  group: string,
): Promise<ChallengeAccessSettings> {
  const current = settingsOf(await settingsOfChallenge(platform.db, caller, slug));
  const next = { ...current };
  if (option === "visible-to")
    Object.assign(next, { visibility: "RESTRICTED", viewGroups: [...current.viewGroups, group] });
  if (option === "organizers") next.organizerGroups = [...current.organizerGroups, group];
  if (option === "eligible") next.eligibleGroup = group;
  if (option === "also-required") next.alsoRequiredGroup = group;
  return setChallengeAccess(platform, caller, slug, next);
}

/**
 * Sets a dataset file's level. The truth of a phase stays TRUTH: lowering
 * it would hand the answers to whoever may download that level.
 */
export async function setFileLevel(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; file: string; level: FileAccess },
) {
  const c = await settingsOfChallenge(db, caller, input.slug);
  const file = await db.datasetFile.findFirst({
    where: { dataset: { challengeId: c.id }, ...liveFile, OR: [{ id: input.file }, { name: input.file }] },
    select: { id: true, name: true, access: true, phases: { select: { name: true } } },
  });
  if (!file) throw new AppError("NOT_FOUND", `No file ${input.file} in this challenge.`);
  if (file.phases.length && input.level !== "TRUTH") {
    throw new AppError(
      "CONFLICT",
      `${file.name} is the truth of phase ${file.phases.map((p) => p.name).join(", ")}; it stays at level truth.`,
    );
  }
  return db.$transaction(async (tx) => {
    const updated = await tx.datasetFile.update({
      where: { id: file.id },
      data: { access: input.level },
      select: { id: true, name: true, access: true },
    });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "file.level_changed",
      challengeId: c.id,
      subjectType: "DatasetFile",
      subjectId: file.id,
      data: { name: file.name, from: file.access, to: input.level },
    });
    return updated;
  });
}

/** The live version of the challenge's scoring program and how many scores an older version made. */
async function scoringProgramOf(db: Db, challengeId: string, config: unknown) {
  const { program, runtime } = parseProgramConfig(config);
  const live = await db.datasetFile.findFirst({
    where: { name: program, dataset: { challengeId }, ...liveFile },
    select: { version: true, sha256: true, createdAt: true },
  });
  const scoredWithOther = live
    ? await db.submission.count({
        where: {
          challengeId,
          status: { in: ["SCORED", "INVALID", "FAILED"] },
          scorerVersion: { startsWith: "program:", not: `program:${live.sha256}` },
        },
      })
    : 0;
  return { name: program, runtime, version: live?.version ?? null, sha256: live?.sha256 ?? null, scoredWithOther };
}
