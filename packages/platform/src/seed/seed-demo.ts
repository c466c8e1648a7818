// Seeds the demo: four users (one a site admin) and every challenge package with its generated
// data published to object storage. Idempotent: a challenge whose phases all
// have their truth is skipped, so a seed interrupted by a crash completes
// next start (files already there get a newer version).
import { challengeDefinitions, type ChallengeDefinition } from "@unblind/challenges/index.ts";
import type { Seed } from "@unblind/challenges/shared/random.ts";
import type { Platform } from "../platform.ts";
import { DEMO_USERS } from "../users/demo-users.ts";
import { insertChallenge, publishGeneratedData } from "../challenges/create-from-package.ts";

async function seedChallenge(
  platform: Platform,
  def: ChallengeDefinition,
  organizerId: string,
  log: (s: string) => void,
  seed: Seed | undefined,
) {
  const existing = await platform.db.challenge.findUnique({
    where: { slug: def.slug },
    select: { id: true, slug: true, phases: { select: { truthFileId: true } } },
  });
  if (existing && (!def.generateDemoData || existing.phases.every((p) => p.truthFileId))) return;
  log(`seeding challenge ${def.slug}`);
  const challenge =
    existing ?? (await insertChallenge(platform.db, def, { slug: def.slug, title: def.title, organizerId }));
  await publishGeneratedData(platform, def, challenge, null, undefined, seed);
}

/**
 * `testSeed` makes the demo data reproducible for the test suite, which must
 * know the hidden values it checks; `npm start` never passes one, so every
 * demo is generated from a fresh secret seed.
 */
export async function seedDemo(
  platform: Platform,
  log: (s: string) => void = () => {},
  testSeed?: Seed,
): Promise<void> {
  const { db } = platform;
  const users = [];
  for (const u of DEMO_USERS) {
    const siteRole = u.role === "site admin" ? ("ADMIN" as const) : ("USER" as const);
    users.push(
      await db.user.upsert({
        where: { email: u.email },
        create: { email: u.email, name: u.name, siteRole },
        update: {},
        select: { id: true },
      }),
    );
  }
  for (const def of challengeDefinitions) await seedChallenge(platform, def, users[0].id, log, testSeed);
}
