// Seeds the demo: three users and every challenge package with its generated
// data uploaded to object storage. Idempotent: a challenge whose files are all
// in place is skipped, so a seed interrupted by a crash completes next start.
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { challengeDefinitions, type ChallengeDefinition } from "@unblind/challenges/index.ts";
import type { Platform } from "../platform.ts";
import { DEMO_USERS } from "../users/demo-users.ts";


const DAY = 24 * 3600 * 1000;

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function seedChallenge(platform: Platform, def: ChallengeDefinition, organizerId: string, log: (s: string) => void) {
  const { db, storage } = platform;
  const existing = await db.challenge.findUnique({ where: { slug: def.slug }, select: { id: true, phases: { select: { truthFileId: true } } } });
  const complete = existing && (!def.generateDemoData || existing.phases.every((p) => p.truthFileId));
  if (complete) return;
  log(`seeding challenge ${def.slug}`);
  const now = Date.now();
  const challenge = await db.challenge.upsert({
    where: { slug: def.slug },
    create: {
      slug: def.slug,
      title: def.title,
      summary: def.summary,
      description: def.description,
      scorer: def.scorer,
      primaryMetric: def.primaryMetric,
      higherIsBetter: def.higherIsBetter,
      acceptingSubmissions: def.acceptingSubmissions,
      metrics: def.metrics as unknown as object[],
      submissionFormat: def.submissionFormat,
      phases: {
        create: def.phases.map((p) => ({
          name: p.name,
          kind: p.kind ?? "STANDARD",
          opensAt: new Date(now + p.opensInDays * DAY),
          closesAt: p.closesInDays === null ? null : new Date(now + p.closesInDays * DAY),
          maxPerDay: p.maxPerDay,
          maxFileBytes: BigInt(p.maxFileBytes),
        })),
      },
      datasets: { create: def.datasets.map((d) => ({ name: d.name, description: d.description })) },
      roles: { create: { userId: organizerId, role: "ORGANIZER" } },
    },
    update: {},
    select: { id: true },
  });
  if (!def.generateDemoData) return;
  const dir = mkdtempSync(path.join(tmpdir(), `unblind-seed-${def.slug}-`));
  try {
    const files = await def.generateDemoData(dir);
    for (const f of files) {
      const dataset = await db.dataset.findUniqueOrThrow({ where: { challengeId_name: { challengeId: challenge.id, name: f.dataset } }, select: { id: true } });
      const key = `datasets/${def.slug}/${f.name}`;
      await storage.putStream(key, createReadStream(f.path));
      const row = { key, size: BigInt(statSync(f.path).size), sha256: await sha256OfFile(f.path), access: f.access };
      const file = await db.datasetFile.upsert({
        where: { datasetId_name: { datasetId: dataset.id, name: f.name } },
        create: { datasetId: dataset.id, name: f.name, ...row },
        update: row,
        select: { id: true },
      });
      for (const p of def.phases) {
        if (f.name === p.truthFile) await db.phase.updateMany({ where: { challengeId: challenge.id, name: p.name }, data: { truthFileId: file.id } });
        if (f.name === p.answerKeyFile) await db.phase.updateMany({ where: { challengeId: challenge.id, name: p.name }, data: { answerKeyFileId: file.id } });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function seedDemo(platform: Platform, log: (s: string) => void = () => {}): Promise<void> {
  const { db } = platform;
  const users = [];
  for (const u of DEMO_USERS) {
    users.push(await db.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name }, update: {}, select: { id: true } }));
  }
  for (const def of challengeDefinitions) await seedChallenge(platform, def, users[0].id, log);
}
