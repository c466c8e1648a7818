import type { Prisma } from "../db/generated/client.ts";

// Explicit selects: only these fields ever leave the server.
export const challengeSummarySelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  acceptingSubmissions: true,
  primaryMetric: true,
  higherIsBetter: true,
  metrics: true,
} satisfies Prisma.ChallengeSelect;

export const phaseSelect = {
  id: true,
  name: true,
  kind: true,
  openedAt: true,
  opensAt: true,
  closesAt: true,
  maxPerDay: true,
  maxFileBytes: true,
} satisfies Prisma.PhaseSelect;

export const fileSelect = {
  id: true,
  name: true,
  version: true,
  size: true,
  sha256: true,
  access: true,
} satisfies Prisma.DatasetFileSelect;
