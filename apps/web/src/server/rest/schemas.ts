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
  size: z.int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  access: z.enum(["PUBLIC", "PARTICIPANTS", "ORGANIZERS"]),
  url: z.string().url().describe("presigned GET URL"),
  expiresInSeconds: z.int(),
});

export const submissionCreated = z.object({
  id: z.string(),
  status: z.enum(["QUEUED", "SCORING", "SCORED", "INVALID", "FAILED"]),
  sha256: z.string(),
  size: z.int(),
  replayed: z.boolean().describe("true when an earlier request with the same Idempotency-Key made this submission"),
});

export const uploadStarted = z.object({
  id: z.string(),
  partSize: z.int(),
  expiresAt: isoDate,
  parts: z.array(z.object({ partNumber: z.int(), offset: z.int(), size: z.int(), url: z.string().url().describe("presigned PUT URL for this part") })),
});

export const submission = z.object({
  id: z.string(),
  challenge: z.string(),
  status: z.enum(["QUEUED", "SCORING", "SCORED", "INVALID", "FAILED"]),
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
});

export const leaderboard = z.object({
  challenge: z.string(),
  primaryMetric: z.string(),
  higherIsBetter: z.boolean(),
  rows: z.array(z.object({ rank: z.int(), participant: z.string(), submissionId: z.string(), scores: z.record(z.string(), z.unknown()), submittedAt: isoDate })),
});

export const problemDetails = z.object({ type: z.string(), title: z.string(), status: z.int(), detail: z.string() }).catchall(z.unknown());
