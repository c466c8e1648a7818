import { AppError } from "../errors/app-error.ts";

interface PhaseDates {
  name: string;
  opensAt: Date;
  closesAt: Date | null;
  openedAt: Date | null;
  privateRevealedAt: Date | null;
}

/** The phase named `name` (any case), or NOT_FOUND listing the phases. */
export function findPhaseNamed<P extends { name: string }>(phases: readonly P[], name: string): P {
  const phase = phases.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!phase)
    throw new AppError("NOT_FOUND", `No phase "${name}"; the phases are ${phases.map((p) => p.name).join(", ")}.`);
  return phase;
}

/**
 * Refuses new dates for a phase whose dates are part of the record: an
 * opened black box keeps the deadline its opening set, and a phase whose
 * private leaderboard is revealed cannot reopen; and dates out of order.
 */
export function checkNewDates(phase: PhaseDates, dates: { opensAt: Date; closesAt: Date | null }): void {
  if (phase.openedAt)
    throw new AppError("CONFLICT", `${phase.name} has been opened; its deadline stays where the opening set it.`);
  if (phase.privateRevealedAt)
    throw new AppError(
      "CONFLICT",
      `The private leaderboard of ${phase.name} has been revealed; the phase cannot reopen.`,
    );
  if (dates.closesAt && dates.closesAt <= dates.opensAt)
    throw new AppError(
      "BAD_REQUEST",
      `${phase.name} opens at ${dates.opensAt.toISOString()}; the deadline must come after that.`,
    );
}
