// A code phase's settings (bundle: phases[].code): how the participant's
// program is run on the hidden inputs (ingestion) before its predictions are
// scored by the challenge's scorer. The harness is scoring/ingestion/unblind_ingest.py.
import { z } from "zod";

const fileName = z.string().regex(/^[\w][\w.-]{0,199}$/, "a file name: letters, digits, '.', '_' or '-'");

/** The platform's maxima for one run of participant code; a phase sets its own limits within them. */
export const CODE_LIMIT_MAXIMA = { wallSeconds: 3600, cpuSeconds: 3600, memoryMB: 16_384 } as const;
/** What a code phase gets unless it says otherwise. */
export const CODE_LIMIT_DEFAULTS = { wallSeconds: 600, cpuSeconds: 600, memoryMB: 4096 } as const;

export const codePhaseSchema = z.strictObject({
  interface: z
    .enum(["trackml-events", "table"])
    .describe(
      "trackml-events: predict(hits) per event of a zip of eventN-hits.csv, track ids out; table: predict(table) on one HDF5 or CSV table, one score per row.",
    ),
  inputs: fileName.describe(
    "The hidden inputs (a file at level truth): the program runs on them, nobody downloads them.",
  ),
  sampleInputs: fileName
    .optional()
    .describe("Public inputs the program is first run on: its log is shown to the participant."),
  training: fileName.optional().describe("A public file passed to Model.fit, when the program has one."),
  drop: z
    .array(z.string().min(1).max(100))
    .max(50)
    .optional()
    .describe("table: columns removed before predict (the labels of labelled sample inputs)."),
  idColumn: z
    .string()
    .min(1)
    .max(100)
    .default("id")
    .describe("table: the column of row ids (default: id; absent: row numbers)."),
  features: z
    .string()
    .max(200)
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, "a regular expression")
    .optional()
    .describe(
      "table, ONNX models: the feature columns (a regular expression), in the table's order; default: all but the id and drop columns.",
    ),
  onnx: z
    .boolean()
    .default(false)
    .describe(
      "table: also accept a bare model.onnx, run with onnxruntime on float32 [N, features] (inputs: an HDF5 pandas table).",
    ),
  limits: z
    .strictObject({
      wallSeconds: z.number().positive().max(CODE_LIMIT_MAXIMA.wallSeconds).optional(),
      cpuSeconds: z.number().positive().max(CODE_LIMIT_MAXIMA.cpuSeconds).optional(),
      memoryMB: z.int().min(256).max(CODE_LIMIT_MAXIMA.memoryMB).optional(),
    })
    .optional()
    .describe("Of one run of the program, within the platform's maxima (1 h, 1 h of CPU, 16 GiB)."),
  throughput: z
    .literal("trackml")
    .optional()
    .describe("Adds the TrackML throughput score (metric key throughput) from the score and the wall time per event."),
});

export type CodePhaseSettings = z.infer<typeof codePhaseSchema>;

/** Metrics of a code phase measured by the platform (per unit: per event, per jet: per row the scorer scores). */
export const RUN_METRIC_KEYS = ["wallSecondsPerUnit", "cpuSecondsPerUnit", "peakMemoryMB", "throughput"] as const;

/** Stored settings, or why they are not usable (a challenge's data, checked where it is read). */
export function parseCodePhase(raw: unknown): CodePhaseSettings {
  const parsed = codePhaseSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `code phase settings: ${parsed.error.issues.map((i) => `${i.path.join(".") || "code"}: ${i.message}`).join("; ")}`,
  );
}
