// The REST API's response shapes: the JSON keys clients rely on. The OpenAPI
// document is generated from these (z.toJSONSchema), and the API tests check
// every response against them.
import { z } from "zod";

const isoDate = z.string().describe("ISO 8601 date-time");

export const challengeSummary = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  acceptingSubmissions: z.boolean(),
  status: z
    .enum(["open", "upcoming", "closed", "paused"])
    .describe(
      "open: a phase is open now; upcoming: the first opens later; closed: every deadline has passed; paused: the organizers stopped submissions",
    ),
  primaryMetric: z.string(),
  higherIsBetter: z.boolean(),
});

export const phase = z.object({
  id: z.string(),
  name: z.string(),
  opensAt: isoDate,
  closesAt: isoDate.nullable(),
  maxPerDay: z.int(),
  maxFileBytes: z.int(),
});

export const challengeDetail = challengeSummary.extend({
  description: z.string(),
  submissionFormat: z.string(),
  phases: z.array(phase),
  currentPhaseId: z.string().nullable(),
  submissionsLeftToday: z.int().nullable(),
});

export const datasetFile = z.object({
  id: z.string(),
  dataset: z.string(),
  name: z.string(),
  version: z.int().describe("the live version; replacing a file publishes the next one"),
  size: z.int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  access: z.enum(["PUBLIC", "PARTICIPANTS", "ORGANIZERS"]),
  url: z.string().url().describe("presigned GET URL"),
  expiresInSeconds: z.int(),
});

export const submissionCreated = z.object({
  id: z.string(),
  status: z.enum(["SEALED", "QUEUED", "SCORING", "SCORED", "INVALID", "FAILED"]),
  sha256: z.string(),
  size: z.int(),
  replayed: z.boolean().describe("true when an earlier request with the same Idempotency-Key made this submission"),
});

export const uploadStarted = z.object({
  id: z.string(),
  partSize: z.int(),
  expiresAt: isoDate,
  parts: z.array(
    z.object({
      partNumber: z.int(),
      offset: z.int(),
      size: z.int(),
      url: z.string().url().describe("presigned PUT URL for this part"),
    }),
  ),
});

export const submission = z.object({
  id: z.string(),
  challenge: z.string(),
  status: z
    .enum(["SEALED", "QUEUED", "SCORING", "SCORED", "INVALID", "FAILED"])
    .describe("SEALED: a black-box answer kept unscored until the box is opened"),
  phase: z.string(),
  answerSha256: z.string().nullable().describe("black-box answers: the receipt, SHA-256 of the canonical answer"),
  postUnblinding: z.boolean().describe("a black-box answer made after the box was opened"),
  fileName: z.string(),
  size: z.int(),
  sha256: z.string(),
  description: z.string(),
  scores: z.record(z.string(), z.unknown()).nullable().describe("the scoring library's keys, e.g. auc, bgRejection30"),
  error: z.object({ message: z.string(), line: z.int().nullable(), column: z.int().nullable() }).nullable(),
  scorerVersion: z.string().nullable(),
  createdAt: isoDate,
  scoringStartedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  failedGates: z
    .array(z.string())
    .optional()
    .describe("GET /submissions/{id} only: the challenge's gates it fails, in words (scored, but not ranked)"),
  run: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .describe(
      "GET /submissions/{id}, code phases: the runs as the platform measured them: sample {outcome, log, wallSeconds}, hidden {outcome, wallSeconds, cpuSeconds, peakMemoryMB, units, limits}",
    ),
});

export const leaderboard = z.object({
  challenge: z.string(),
  primaryMetric: z.string(),
  secondaryMetric: z.string().nullable().describe("breaks ties of the primary metric, before the earlier submission"),
  higherIsBetter: z.boolean(),
  phase: z.string().nullable().describe("the phase this board belongs to (?phase=; default: the phase open now)"),
  board: z
    .enum(["public", "private"])
    .describe(
      "public: scores on the public share of the test set; private: the final board, only once revealed (403 before)",
    ),
  revealed: z.boolean().describe("whether the phase's private board has been revealed"),
  total: z.int().describe("ranked participants; rows holds ?offset= … ?offset= + ?limit= (default 100, at most 1000)"),
  unranked: z
    .object({
      overBudget: z.int().describe("scored submissions over the phase's FPGA budget: shown, never ranked"),
      failedGate: z
        .int()
        .describe("scored submissions that fail one of the challenge's gates: shown to their owner, never ranked"),
      undefinedPrimary: z.int().describe("scored submissions whose ranking metric is null (not measurable)"),
    })
    .describe("scored submissions the board leaves out, by reason"),
  gates: z
    .array(
      z.object({
        metric: z.string(),
        op: z.enum(["<", "<=", ">", ">="]),
        value: z.number(),
        label: z.string(),
      }),
    )
    .describe("tests a submission must pass to be ranked: `metric op value` on its public scores"),
  averageRank: z
    .object({ keys: z.array(z.string()), higherIsBetter: z.boolean(), mean: z.string() })
    .nullable()
    .describe("a multi-task phase ranked by the average rank over these task metrics (computed by the board), or null"),
  offset: z.int(),
  computedAt: isoDate.nullable(),
  rows: z.array(
    z.object({
      rank: z.int(),
      participant: z.string(),
      submissionId: z.string(),
      scores: z.record(z.string(), z.unknown()),
      submittedAt: isoDate,
      interval: z
        .object({ low: z.number().nullable(), high: z.number().nullable(), level: z.number() })
        .nullable()
        .describe("bootstrap percentile interval of the primary metric (null end: unbounded)"),
      tiedWithAbove: z
        .boolean()
        .nullable()
        .describe("a paired bootstrap cannot tell this entry from the one above at the phase's confidence"),
      probabilityAboveBetter: z.number().nullable(),
      submissions: z.int().describe("the participant's scored submissions in the phase"),
      publicRank: z.int().nullable().optional().describe("private board: the participant's public rank"),
    }),
  ),
});

export const selection = z.object({ selected: z.boolean() });

const measured = z.object({ value: z.number(), sigma: z.number().positive() });

export const answer = z
  .object({
    pValue: z.number().min(0).max(1).describe("p-value of the background-only hypothesis"),
    description: z.string().max(4000).optional(),
  })
  .catchall(measured)
  .describe(
    "the box's quantities, each {value, sigma} (GET the box: box.answer lists them, their units and which are required); the LHC Olympics boxes: resonanceMass (GeV, required when nSignal.value > 0), daughterMass1, daughterMass2 (GeV), nSignal",
  );

export const receipt = z.object({
  submissionId: z.string(),
  challenge: z.string(),
  box: z.string(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of `canonical`: check it against answer.json after the opening"),
  receivedAt: isoDate,
  canonical: z.string().describe("the canonical answer bytes (JSON, keys sorted, no spaces, newline-terminated)"),
  status: z.enum(["SEALED", "QUEUED", "SCORED"]),
  postUnblinding: z.boolean(),
});

export const problemDetails = z
  .object({ type: z.string(), title: z.string(), status: z.int(), detail: z.string() })
  .catchall(z.unknown());

/** POST /challenges: the challenge created from a bundle. */
export const challengeCreated = z.object({
  created: z.literal(true),
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  phases: z.array(z.string()),
  files: z.int().describe("data files published (in the bundle, by SHA-256, or generated)"),
  example: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("the example submission's scores, if the bundle has one"),
});

/** POST /challenges with check=true: what the bundle would create. */
export const bundlePreview = z.object({
  created: z.literal(false),
  preview: z.object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    scorer: z.string(),
    primaryMetric: z.string(),
    metrics: z.array(z.string()),
    pages: z.array(z.string()),
    phases: z.array(
      z.object({ name: z.string(), kind: z.string().optional(), opens: z.string(), closes: z.string().nullable() }),
    ),
    datasets: z.array(z.string()),
    files: z.array(z.object({ name: z.string(), access: z.string(), source: z.string() })),
    example: z.record(z.string(), z.unknown()).nullable().describe("the example submission's scores (a dry run)"),
  }),
});
