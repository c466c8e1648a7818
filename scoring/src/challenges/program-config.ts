// An organizer's scoring program (bundle: scoring.scorer: program): a Python 3
// or Node script among the challenge's files, at level organizers, run in the
// scoring sandbox with the truth and the submission as read-only inputs.
// Its contract is the built-in CLI's: exit 0 with <output>/scores.json (the
// keys the bundle declares), exit 2 with a located message for an invalid
// submission, anything else a failure whose stderr reaches organizers only.
import { z } from "zod";

export const PROGRAM = "program";

export const programConfigSchema = z.strictObject({
  program: z
    .string()
    .regex(/^[\w][\w.-]{0,199}$/, "a file name")
    .describe("The script: a file of the bundle's datasets at level organizers (each new version replaces it)."),
  runtime: z
    .enum(["python3", "node"])
    .describe(
      "python3: Debian's Python 3 with numpy, scipy, pandas, scikit-learn, h5py, tables; node: the platform's Node.",
    ),
});

export type ProgramConfig = z.infer<typeof programConfigSchema>;

export function parseProgramConfig(raw: unknown): ProgramConfig {
  const parsed = programConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; "));
}
