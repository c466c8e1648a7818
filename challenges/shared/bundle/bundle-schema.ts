// The challenge bundle's `challenge.yaml`, as a zod schema: the one
// definition of the format. docs/challenge-bundle.schema.json is generated
// from it (`npm run -s bundle-schema`), so editors validate a bundle as the
// platform does; docs/bundles.md explains each key.
import { z } from "zod";
import { blackBoxConfigSchema } from "@unblind/scoring/challenges/black-box-config.ts";
import { codePhaseSchema } from "@unblind/scoring/ingestion/code-phase-config.ts";

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
/** A date and time with its zone (ISO 8601), or a signed ISO 8601 duration in days from the challenge's creation. */
export const WHEN = /^(-?P\d+D|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))$/;
/** A byte count: a whole number, or with a unit (B, kB, MB, GB, KiB, MiB, GiB). */
export const SIZE = /^\d+(\.\d+)?\s?(B|kB|MB|GB|KiB|MiB|GiB)$/;

const text = (max: number) => z.string().trim().min(1).max(max);
const fileName = z.string().regex(/^[\w][\w.-]{0,199}$/, "a file name: letters, digits, '.', '_' or '-'");
const bundlePath = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]{1,300}$/, "a relative path inside the bundle, without '..'");

export const metricSchema = z.strictObject({
  key: z.string().min(1).max(80).describe("The scorer's key of this number."),
  label: text(120),
  format: z.enum(["fixed4", "int", "percent"]).default("fixed4").describe("fixed4: 0.1234; int: rounded; percent"),
  direction: z.enum(["higher", "lower"]).describe("Which is better."),
});

const gateSchema = z
  .strictObject({
    metric: z.string().min(1).max(120).describe("One of scoring.metrics."),
    label: text(120).describe('What the test is, in words ("agreement test on the control channel").'),
    lessThan: z.number().optional(),
    atMost: z.number().optional(),
    greaterThan: z.number().optional(),
    atLeast: z.number().optional(),
  })
  .refine(
    (g) => [g.lessThan, g.atMost, g.greaterThan, g.atLeast].filter((v) => v !== undefined).length === 1,
    "a gate has exactly one of lessThan, atMost, greaterThan, atLeast",
  );

const fileSchema = z.strictObject({
  name: fileName,
  access: z
    .enum(["public", "participants", "organizers", "truth"])
    .describe("Who may download it; truth: only the scorer."),
  path: bundlePath.optional().describe("Inside the bundle; omitted: uploaded afterwards (resumable upload)."),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe("The content's SHA-256: a file the platform already stores (an export) is taken from storage."),
});

const leaderboardSchema = z.strictObject({
  publicFraction: z.number().gt(0).lt(1).nullable().optional().describe("Share of the test units on the public board."),
  revealAtClose: z.boolean().optional(),
  finalSelections: z.int().min(1).max(10).optional(),
  scoreDigits: z.int().min(1).max(12).nullable().optional().describe("Rounding of the ranked score."),
  tieConfidence: z.number().gt(0).lt(1).optional(),
  bootstrapResamples: z.int().min(0).max(10_000).optional(),
});

const phaseSchema = z.strictObject({
  name: text(80),
  kind: z
    .enum(["standard", "black-box", "code"])
    .default("standard")
    .describe(
      "standard: prediction files; black-box: sealed answers; code: participants submit a program run on hidden inputs.",
    ),
  opens: z.string().regex(WHEN, "an ISO 8601 date-time with zone, or a duration such as -P1D from creation"),
  closes: z
    .string()
    .regex(WHEN, "an ISO 8601 date-time with zone, or a duration such as P90D from creation")
    .nullable()
    .default(null),
  limits: z.strictObject({
    perDay: z.int().min(1).max(1000),
    fileSize: z.union([z.int().min(1), z.string().regex(SIZE, "a size such as 100 MiB")]),
  }),
  truth: z
    .union([fileName, z.record(z.string(), fileName)])
    .optional()
    .describe(
      "The truth file (level truth) this phase is scored against; a multi-task phase: each task's truth file by task key.",
    ),
  answerKey: fileName.optional().describe("Black-box phases: the sealed key of the true parameters."),
  code: codePhaseSchema
    .optional()
    .describe("Code phases: how the submitted program is run (inputs, interface, limits)."),
  rank: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The metric that ranks this phase's board, when not scoring.primary (a throughput phase ranks by throughput).",
    ),
  leaderboard: leaderboardSchema.optional(),
});

export const bundleSchema = z.strictObject({
  $schema: z.string().optional(),
  slug: z.string().regex(SLUG, "3 to 40 lower-case letters, digits and '-'"),
  title: text(120),
  summary: text(300),
  pages: z
    .array(z.strictObject({ title: text(80), file: bundlePath }))
    .min(1)
    .max(20)
    .describe("Markdown pages, the first is the overview."),
  submission: z.strictObject({ format: text(500).describe("What participants submit, in one sentence.") }),
  scoring: z.strictObject({
    scorer: z
      .string()
      .min(1)
      .describe(
        "A built-in scorer: binary-classification, multi-class, regression or multi-task (configured here), top-tagging, trackml, lhco, fpga-jet-tagging.",
      ),
    config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "The scorer's settings (binary-classification, multi-class, regression, multi-task, fpga-jet-tagging).",
      ),
    primary: z.string().min(1).describe("The metric key that ranks."),
    secondary: z.string().min(1).optional().describe("Breaks ties of the primary metric."),
    metrics: z.array(metricSchema).min(1).describe("Every metric shown, in display order."),
    blackBox: blackBoxConfigSchema
      .optional()
      .describe(
        "Black-box phases: the quantities an answer holds (default: the LHC Olympics answer: resonanceMass, daughterMass1, daughterMass2, nSignal).",
      ),
    gates: z
      .array(gateSchema)
      .max(10)
      .optional()
      .describe("Tests a submission must pass to be ranked; one that fails stays scored, unranked, with the reason."),
  }),
  datasets: z
    .array(z.strictObject({ name: text(80), description: text(500), files: z.array(fileSchema).optional() }))
    .min(1),
  phases: z.array(phaseSchema).min(1),
  example: z
    .strictObject({
      file: bundlePath.describe("The submission, inside the bundle."),
      phase: text(80).optional().describe("The phase whose truth scores it (default: the first)."),
    })
    .optional()
    .describe("An example submission, scored as a dry run against the phase's truth before anything is created."),
  acceptingSubmissions: z.boolean().default(true),
  generator: z
    .string()
    .optional()
    .describe("A built-in demo-data generator (the demo challenges of this repository only)."),
});

export type BundleYaml = z.infer<typeof bundleSchema>;
