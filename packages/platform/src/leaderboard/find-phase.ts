import { AppError } from "../errors/app-error.ts";

/** A challenge's phase by name (case-insensitive), or NOT_FOUND naming the phases there are. */
export function findPhase<P extends { name: string }>(phases: P[], name: string): P {
  const phase = phases.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!phase)
    throw new AppError(
      "NOT_FOUND",
      `No phase "${name}"; the phases are ${phases.map((p) => p.name).join(", ") || "none"}.`,
    );
  return phase;
}
