// Organizers set the FPGA track's target device, clock, latency and resource
// constraints and figure of merit (Challenge.scoringConfig, the scorer's
// --config). A change re-scores every phase, so each stored verdict follows
// the budget in force. Validated by the scorer's own parser; audited with
// before and after; refused once a private leaderboard has been revealed.
import { parseFpgaConfig, type FpgaConfig } from "@unblind/scoring/fpga/fpga-config.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { rescorePhase } from "../submissions/rescore-phase.ts";
import { scorerEntry } from "../scorers/registry.ts";
import { organizedChallenge } from "./challenge-access.ts";

export async function setFpgaBudget(
  platform: Platform,
  caller: Caller,
  input: { slug: string; config: unknown },
): Promise<{ config: FpgaConfig; rescored: number }> {
  const { db } = platform;
  const challenge = await organizedChallenge(
    db,
    caller,
    { slug: input.slug },
    {
      id: true,
      scorer: true,
      scoringConfig: true,
      phases: {
        where: { kind: { in: ["STANDARD", "CODE"] } },
        select: { id: true, name: true, privateRevealedAt: true },
      },
    },
    "change its FPGA budget",
  );
  if (scorerEntry(challenge.scorer).configView !== "fpga-budget")
    throw new AppError("BAD_REQUEST", `${input.slug} is not an FPGA challenge; it has no FPGA budget.`);
  const revealed = challenge.phases.find((p) => p.privateRevealedAt);
  if (revealed)
    throw new AppError(
      "CONFLICT",
      `The private leaderboard of ${revealed.name} has been revealed; the budget is final.`,
    );
  let config: FpgaConfig;
  try {
    config = parseFpgaConfig(input.config);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `FPGA budget: ${(error as Error).message}`);
  }
  await db.$transaction(async (tx) => {
    await tx.challenge.update({ where: { id: challenge.id }, data: { scoringConfig: config as object } });
    await recordAudit(tx, {
      actorId: caller!.userId,
      action: "challenge.fpga_budget_changed",
      challengeId: challenge.id,
      subjectType: "Challenge",
      subjectId: challenge.id,
      data: { before: challenge.scoringConfig, after: config as object },
    });
  });
  let rescored = 0;
  for (const phase of challenge.phases)
    rescored += (await rescorePhase(platform, caller, { phaseId: phase.id })).requeued;
  return { config, rescored };
}
