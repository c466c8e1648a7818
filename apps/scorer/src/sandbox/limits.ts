// Resource limits of one scoring job. Defaults suit the demo challenges; a
// challenge overrides any of them in Challenge.scoringLimits (JSON with the
// same keys), e.g. {"memoryMB": 8192, "wallSeconds": 1800} for TrackML.

export interface SandboxLimits {
  /** CPU time of all the job's processes and threads (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Address space (RLIMIT_AS), in MiB. Node reserves more than it touches, so keep this ≥ 2048. */
  memoryMB: number;
  /** Wall-clock time before the whole sandbox is killed. */
  wallSeconds: number;
  /** Processes and threads of the sandbox's user (RLIMIT_NPROC). */
  processes: number;
  /** Largest file it may write (RLIMIT_FSIZE) and most it may print on stdout, in MiB. */
  outputMB: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  cpuSeconds: 600,
  memoryMB: 4096,
  wallSeconds: 600,
  processes: 64,
  outputMB: 16,
};

const KEYS = Object.keys(DEFAULT_LIMITS) as (keyof SandboxLimits)[];

/** The defaults with a challenge's overrides; unknown keys and non-positive values are refused. */
export function limitsFor(overrides: unknown): SandboxLimits {
  if (overrides === null || overrides === undefined) return { ...DEFAULT_LIMITS };
  if (typeof overrides !== "object" || Array.isArray(overrides)) throw new Error("scoringLimits must be an object");
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!KEYS.includes(key as keyof SandboxLimits))
      throw new Error(`scoringLimits: unknown limit "${key}" (known: ${KEYS.join(", ")})`);
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw new Error(`scoringLimits.${key} must be a positive number`);
    limits[key as keyof SandboxLimits] = value;
  }
  return limits;
}
