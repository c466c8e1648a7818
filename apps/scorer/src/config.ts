// The scorer worker's settings, from SCORER_* variables.
import { z } from "zod";

const int = (fallback: number, min: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v))
    .pipe(z.coerce.number<string>().int().min(min));

export const scorerConfigSchema = z.object({
  /** "bwrap" (default) or "none": scoring without a sandbox, for development only. */
  SCORER_SANDBOX: z.enum(["bwrap", "none"]).optional().default("bwrap"),
  /** Jobs scored at once by this worker. */
  SCORER_CONCURRENCY: int(1, 1),
  /** A job's lease; renewed every third of it while the job runs. */
  SCORER_LEASE_SECONDS: int(30, 3),
  /** Attempts before an internal error becomes a final FAILED. */
  SCORER_MAX_ATTEMPTS: int(6, 1),
  /** How often stranded submissions are looked for. */
  SCORER_SWEEP_SECONDS: int(10, 1),
  /** Time a stopping worker gives running jobs before handing them back. */
  SCORER_SHUTDOWN_GRACE_SECONDS: int(30, 0),
  /** Serves GET /healthz and GET /metrics on this port when set (0 picks a free one). */
  SCORER_HEALTH_PORT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : Number(v))),
  /** First uid of the sandbox users (only when the worker runs as root). */
  SCORER_SANDBOX_UID_BASE: int(200_000, 1000),
});

export type ScorerConfig = z.infer<typeof scorerConfigSchema>;

export function loadScorerConfig(source: NodeJS.ProcessEnv = process.env): ScorerConfig {
  const parsed = scorerConfigSchema.safeParse(source);
  if (!parsed.success)
    throw new Error(
      `Invalid scorer configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  return parsed.data;
}
