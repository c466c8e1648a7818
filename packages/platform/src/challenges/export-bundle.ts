// A challenge written as a bundle (challenge.yaml and its pages) that
// re-creates it: its pages, scoring, datasets, phases with their dates, and
// its live data files by SHA-256 (creating from the export takes them from
// storage). For the challenge's organizers; audited.
import { existsSync, readdirSync } from "node:fs";
import { bundleYamlOf, writeBundle } from "@unblind/challenges/shared/bundle/write-bundle.ts";
import type { ChallengeDefinition, MetricColumn } from "@unblind/challenges/shared/definition.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { liveFile } from "../datasets/live-file.ts";
import { readGates } from "../leaderboard/gates.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { phaseFields } from "../leaderboard/leaderboard-settings.ts";
import { accessOf, organizedChallenges, requireSignedIn } from "./challenge-access.ts";
import { pagesOf } from "./set-challenge-pages.ts";

export async function exportChallengeBundle(platform: Platform, caller: Caller, input: { slug: string; out: string }) {
  requireSignedIn(caller);
  const { db } = platform;
  const c = await db.challenge.findFirst({
    where: { slug: input.slug, ...organizedChallenges(await accessOf(db, caller)) },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      description: true,
      pages: true,
      scorer: true,
      primaryMetric: true,
      higherIsBetter: true,
      secondaryMetric: true,
      acceptingSubmissions: true,
      metrics: true,
      submissionFormat: true,
      scoringConfig: true,
      gates: true,
      blackBox: true,
      phases: {
        orderBy: { opensAt: "asc" },
        select: {
          name: true,
          kind: true,
          opensAt: true,
          closesAt: true,
          maxPerDay: true,
          maxFileBytes: true,
          ...phaseFields,
          truthFile: { select: { name: true } },
          taskTruths: true,
          code: true,
          primaryMetric: true,
          answerKeyFile: { select: { name: true } },
        },
      },
      datasets: {
        orderBy: { createdAt: "asc" },
        select: {
          name: true,
          description: true,
          files: { where: liveFile, orderBy: { name: "asc" }, select: { name: true, access: true, sha256: true } },
        },
      },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `No challenge "${input.slug}" that you organize.`);
  const pages = pagesOf(c);
  const def: ChallengeDefinition = {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    description: c.description,
    pages,
    scorer: c.scorer,
    primaryMetric: c.primaryMetric,
    higherIsBetter: c.higherIsBetter,
    ...(c.secondaryMetric ? { secondaryMetric: c.secondaryMetric } : {}),
    acceptingSubmissions: c.acceptingSubmissions,
    metrics: c.metrics as unknown as MetricColumn[],
    submissionFormat: c.submissionFormat,
    ...(c.scoringConfig ? { scoringConfig: c.scoringConfig as object } : {}),
    ...(readGates(c.gates).length ? { gates: readGates(c.gates) } : {}),
    ...(c.blackBox ? { blackBox: c.blackBox as object } : {}),
    phases: c.phases.map((p) => ({
      name: p.name,
      kind: p.kind,
      opens: p.opensAt.toISOString(),
      closes: p.closesAt?.toISOString() ?? null,
      maxPerDay: p.maxPerDay,
      maxFileBytes: Number(p.maxFileBytes),
      ...(p.truthFile ? { truthFile: p.truthFile.name } : {}),
      ...(p.taskTruths ? { taskTruthFiles: p.taskTruths as Record<string, string> } : {}),
      ...(p.answerKeyFile ? { answerKeyFile: p.answerKeyFile.name } : {}),
      ...(p.code ? { code: p.code as object } : {}),
      ...(p.primaryMetric ? { primaryMetric: p.primaryMetric } : {}),
      leaderboard: Object.fromEntries(Object.keys(phaseFields).map((k) => [k, p[k as keyof typeof phaseFields]])),
    })),
    datasets: c.datasets.map((d) => ({ name: d.name, description: d.description })),
    files: [],
  };
  const files = c.datasets.flatMap((d) =>
    d.files.map((f) => ({ dataset: d.name, name: f.name, access: f.access, sha256: f.sha256 })),
  );
  const yaml = bundleYamlOf(def, { files });
  if (existsSync(input.out) && readdirSync(input.out).length)
    throw new AppError("BAD_REQUEST", `${input.out} is not empty; export into a new folder.`);
  writeBundle(input.out, def, yaml);
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actorId: caller.userId,
      action: "challenge.exported",
      challengeId: c.id,
      subjectType: "Challenge",
      subjectId: c.id,
      data: { files: files.length },
    }),
  );
  return { slug: c.slug, out: input.out, pages: pages.length, phases: c.phases.length, files: files.length };
}
