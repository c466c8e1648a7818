// The private leaderboard is sealed until it is revealed: by an organizer
// once the phase has closed, or by itself at the close when the phase says
// so (the scorer's sweeper, and any reader who arrives first). Each reveal
// happens once (a conditional update) and is audited with a checksum of
// the board as revealed.
import { createHash } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import { organizedChallenge } from "../challenges/challenge-access.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { findPhase } from "./find-phase.ts";
import { refreshLeaderboard } from "./refresh-leaderboard.ts";

export async function revealPrivateLeaderboard(
  { db }: Platform,
  caller: Caller,
  input: { slug: string; phase: string },
) {
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    {
      id: true,
      phases: {
        where: { kind: { in: ["STANDARD", "CODE"] } },
        select: { id: true, name: true, closesAt: true, publicFraction: true, privateRevealedAt: true },
      },
    },
    "reveal its private leaderboard",
  );
  const phase = findPhase(challenge.phases, input.phase);
  if (phase.publicFraction === null)
    throw new AppError("BAD_REQUEST", `${phase.name} has no public/private split, so it has no private leaderboard.`);
  if (phase.privateRevealedAt)
    throw new AppError(
      "CONFLICT",
      `The private leaderboard of ${phase.name} was revealed at ${phase.privateRevealedAt.toISOString()}.`,
    );
  if (!phase.closesAt || phase.closesAt > new Date()) {
    throw new AppError(
      "CONFLICT",
      `${phase.name} is still open${phase.closesAt ? ` until ${phase.closesAt.toISOString()}` : ""}; close it first (set its deadline), so that no score arrives after the reveal.`,
    );
  }
  const revealed = await reveal(db, phase.id, challenge.id, caller!.userId);
  if (!revealed) throw new AppError("CONFLICT", `The private leaderboard of ${phase.name} has just been revealed.`);
  return revealed;
}

/** Reveals every private leaderboard whose phase has closed and asks for it (revealAtClose). */
export async function revealDueLeaderboards(db: Db): Promise<number> {
  const due = await db.phase.findMany({
    where: {
      kind: { in: ["STANDARD", "CODE"] },
      revealAtClose: true,
      privateRevealedAt: null,
      publicFraction: { not: null },
      closesAt: { lte: new Date() },
    },
    select: { id: true, challengeId: true },
  });
  let n = 0;
  for (const phase of due) if (await reveal(db, phase.id, phase.challengeId, null)) n++;
  return n;
}

/**
 * Whether the phase's private leaderboard may be shown, revealing it first
 * when it is due (a reader may come before the sweeper).
 */
export async function privateRevealed(
  db: Db,
  phase: {
    id: string;
    challengeId: string;
    publicFraction: number | null;
    privateRevealedAt: Date | null;
    revealAtClose: boolean;
    closesAt: Date | null;
  },
): Promise<boolean> {
  if (phase.publicFraction === null) return false;
  if (phase.privateRevealedAt) return true;
  if (!phase.revealAtClose || !phase.closesAt || phase.closesAt > new Date()) return false;
  await reveal(db, phase.id, phase.challengeId, null);
  return true;
}

async function reveal(
  db: Db,
  phaseId: string,
  challengeId: string,
  actorId: string | null,
): Promise<{ phase: string; revealedAt: string; entries: number; sha256: string } | null> {
  await refreshLeaderboard(db, phaseId);
  return db.$transaction(async (tx) => {
    const at = new Date();
    const n = await tx.phase.updateMany({
      where: { id: phaseId, privateRevealedAt: null },
      data: { privateRevealedAt: at, privateRevealedById: actorId },
    });
    if (n.count !== 1) return null;
    const phase = await tx.phase.findUniqueOrThrow({ where: { id: phaseId }, select: { name: true } });
    const entries = await tx.leaderboardEntry.findMany({
      where: { phaseId, board: "PRIVATE" },
      orderBy: { rank: "asc" },
      select: { rank: true, userId: true, submissionId: true, primary: true },
    });
    const sha256 = createHash("sha256").update(JSON.stringify(entries)).digest("hex");
    const result = { phase: phase.name, revealedAt: at.toISOString(), entries: entries.length, sha256 };
    await recordAudit(tx, {
      actorId,
      action: "leaderboard.revealed",
      challengeId,
      subjectType: "Phase",
      subjectId: phaseId,
      data: { ...result, automatic: actorId === null },
    });
    return result;
  });
}
