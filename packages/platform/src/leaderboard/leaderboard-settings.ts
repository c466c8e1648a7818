// Organizers set how a phase's leaderboard works: the public/private split,
// the reveal, final selections, rounding of public scores, the bootstrap,
// and the challenge's tie-breaking metric. Changing what a score is made of
// (split, rounding, resamples) re-scores the phase's submissions, so that
// every stored score follows the settings. Audited with before and after;
// frozen once the private leaderboard is revealed.
import { readMetricColumns } from "../scorers/stored-results.ts";
import type { LeaderboardSettings } from "@unblind/challenges/shared/definition.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { organizedChallenge } from "../challenges/challenge-access.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { rescorePhase } from "../submissions/rescore-phase.ts";
import { findPhase } from "./find-phase.ts";
import { refreshLeaderboard } from "./refresh-leaderboard.ts";

export interface LeaderboardSettingsInput extends LeaderboardSettings {
  slug: string;
  phase: string;
  /** Challenge-wide: a metric key of the challenge, or null for none. */
  secondaryMetric?: string | null;
}

/** A phase's leaderboard settings, as selected from the database. */
export const phaseFields = {
  publicFraction: true,
  revealAtClose: true,
  finalSelections: true,
  scoreDigits: true,
  tieConfidence: true,
  bootstrapResamples: true,
} as const;
/** Settings that change what a stored score is. */
const RESCORING = ["publicFraction", "scoreDigits", "bootstrapResamples"] as const;

export async function setLeaderboardSettings(platform: Platform, caller: Caller, input: LeaderboardSettingsInput) {
  const { db } = platform;
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    {
      id: true,
      secondaryMetric: true,
      primaryMetric: true,
      metrics: true,
      phases: {
        where: { kind: { in: ["STANDARD", "CODE"] } },
        select: { id: true, name: true, privateRevealedAt: true, ...phaseFields },
      },
    },
    "change its leaderboard",
  );
  const phase = findPhase(challenge.phases, input.phase);
  if (phase.privateRevealedAt)
    throw new AppError(
      "CONFLICT",
      `The private leaderboard of ${phase.name} has been revealed; its settings are final.`,
    );
  check(
    input,
    readMetricColumns(challenge.metrics).map((m) => m.key),
    challenge.primaryMetric,
  );
  const { slug: _s, phase: _p, secondaryMetric, ...changes } = input;
  const { id: _id, name: _n, privateRevealedAt: _r, ...current } = phase;
  const before = { ...current, secondaryMetric: challenge.secondaryMetric };
  const result = await db.$transaction(async (tx) => {
    const updated = await tx.phase.update({ where: { id: phase.id }, data: changes, select: phaseFields });
    const challengeNow =
      secondaryMetric === undefined
        ? challenge
        : await tx.challenge.update({
            where: { id: challenge.id },
            data: { secondaryMetric },
            select: { secondaryMetric: true },
          });
    const after = { ...updated, secondaryMetric: challengeNow.secondaryMetric };
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "phase.leaderboard_changed",
      challengeId: challenge.id,
      subjectType: "Phase",
      subjectId: phase.id,
      data: { phase: phase.name, before, after },
    });
    return after;
  });
  const rescore = RESCORING.some((k) => before[k] !== result[k]);
  const requeued = rescore ? (await rescorePhase(platform, caller, { phaseId: phase.id })).requeued : 0;
  if (!rescore) await refreshLeaderboard(db, phase.id);
  return { ...result, rescored: requeued };
}

function check(input: LeaderboardSettingsInput, metricKeys: string[], primaryMetric: string) {
  const bad = (field: string, why: string) => {
    throw new AppError("BAD_REQUEST", `${field}: ${why}`);
  };
  const {
    publicFraction: f,
    finalSelections: k,
    scoreDigits: d,
    tieConfidence: c,
    bootstrapResamples: b,
    secondaryMetric: m,
  } = input;
  if (f !== undefined && f !== null && !(f > 0 && f < 1))
    bad("publicFraction", `must be between 0 and 1 (exclusive), or null for no split; got ${f}`);
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= 100))
    bad("finalSelections", `must be a whole number from 1 to 100; got ${k}`);
  if (d !== undefined && d !== null && !(Number.isInteger(d) && d >= 0 && d <= 12))
    bad("scoreDigits", `must be a whole number from 0 to 12, or null for exact scores; got ${d}`);
  if (c !== undefined && !(c > 0 && c < 1)) bad("tieConfidence", `must be between 0 and 1 (exclusive); got ${c}`);
  if (b !== undefined && !(Number.isInteger(b) && b >= 0 && b <= 10_000))
    bad("bootstrapResamples", `must be a whole number from 0 to 10000; got ${b}`);
  if (m !== undefined && m !== null && (!metricKeys.includes(m) || m === primaryMetric))
    bad("secondaryMetric", `must be one of ${metricKeys.filter((x) => x !== primaryMetric).join(", ")}; got ${m}`);
}
