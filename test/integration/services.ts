// Real services for integration tests: an embedded PostgreSQL and an s3rver
// in a fresh temporary directory, migrated and seeded. No mocks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { startEmbeddedPostgres } from "@unblind/platform/embedded/start-postgres.ts";
import { startEmbeddedS3 } from "@unblind/platform/embedded/start-s3.ts";
import { createPlatform, type Caller, type Platform } from "@unblind/platform/platform.ts";
import { seedDemo } from "@unblind/platform/seed/seed-demo.ts";

export interface Services {
  platform: Platform;
  dataDir: string;
  callerFor(email: string): Promise<NonNullable<Caller>>;
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "unblind-it-"));
  const pg = await startEmbeddedPostgres(dataDir);
  const s3 = await startEmbeddedS3(dataDir, "unblind-test");
  const env = parseEnv({
    DATABASE_URL: pg.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_BUCKET: "unblind-test",
    DATA_DIR: dataDir,
  });
  await migrate(pg.url);
  const platform = createPlatform(env);
  await seedDemo(platform);
  return {
    platform,
    dataDir,
    async callerFor(email) {
      const user = await platform.db.user.findUniqueOrThrow({ where: { email }, select: { id: true, siteRole: true } });
      return { userId: user.id, siteRole: user.siteRole };
    },
    async stop() {
      await (await platform.queue()).stop({ graceful: false, wait: true }).catch(() => {});
      await platform.db.$disconnect();
      await s3.stop();
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const streamOf = (text: string) => Readable.from([Buffer.from(text)]);
