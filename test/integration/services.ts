// Real services for integration tests: an embedded PostgreSQL and an s3rver
// in a fresh temporary directory, migrated and seeded. No mocks.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { startEmbeddedPostgres } from "@unblind/platform/embedded/start-postgres.ts";
import { startEmbeddedS3 } from "@unblind/platform/embedded/start-s3.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { createPlatform, type Caller, type Platform } from "@unblind/platform/platform.ts";
import { seedDemo } from "@unblind/platform/seed/seed-demo.ts";
import { loadScorerConfig } from "../../apps/scorer/src/config.ts";
import { prepareRuntime, sandboxUid } from "../../apps/scorer/src/runtime.ts";
import type { ScorerContext } from "../../apps/scorer/src/score-submission.ts";

/**
 * The seed of the demo data in these tests, so that a test can regenerate
 * what it checks against (the black boxes' keys, the FPGA test jets).
 * `npm start` uses a fresh secret seed instead.
 */
export const TEST_SEED = "unblind-integration-tests";

export interface Services {
  platform: Platform;
  dataDir: string;
  callerFor(email: string): Promise<NonNullable<Caller>>;
  /** What an in-process scorer worker needs: the bundled scorer in bubblewrap, a short lease. */
  scorer: ScorerContext;
  /** The variables a worker process needs to reach these services. */
  workerEnv: Record<string, string>;
  restartDatabase(downMs?: number): Promise<void>;
  stopS3(): Promise<void>;
  startS3(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "unblind-it-"));
  const pg = await startEmbeddedPostgres(dataDir);
  let s3 = await startEmbeddedS3(dataDir, "unblind-test");
  const s3Port = Number(new URL(s3.endpoint).port);
  const workerEnv = {
    DATABASE_URL: pg.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_BUCKET: "unblind-test",
    DATA_DIR: dataDir,
  };
  const env = parseEnv(workerEnv);
  await migrate(pg.url);
  const platform = createPlatform(env);
  await seedDemo(platform, undefined, TEST_SEED);
  const config = loadScorerConfig({});
  const runtime = await prepareRuntime(config);
  return {
    platform,
    dataDir,
    workerEnv,
    restartDatabase: (downMs) => pg.restart(downMs),
    stopS3: () => s3.stop(),
    async startS3() {
      s3 = await startEmbeddedS3(dataDir, "unblind-test", s3Port);
    },
    scorer: {
      platform,
      runtime: { ...runtime, uid: sandboxUid(config, 0) },
      owner: "test-worker",
      leaseSeconds: 30,
      maxAttempts: 2,
    },
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
      rmSync(runtime.bundle.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `work` with the process in another time zone, then restores it: for
 * reads of Prisma's zone-less UTC columns, which must come out as the same
 * instants whatever the reader's zone.
 */
export async function inTimeZone<T>(zone: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

export const streamOf = (content: string | Buffer) => Readable.from([Buffer.from(content)]);

/** For assert.rejects: a use case refused with this AppError code (and a message matching, when given). */
export const refused = (code: string, message?: RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === code && (!message || message.test(e.message));

/** The top-tagging baseline's CSV for the seeded test set: downloads test.h5 into `dir` and runs `npm run baseline` on it. */
export async function topTaggingBaselineCsv(platform: Platform, dir: string): Promise<string> {
  const input = await platform.db.datasetFile.findFirstOrThrow({
    where: { name: "test.h5", dataset: { challenge: { slug: "top-tagging" } } },
    select: { key: true },
  });
  const h5 = path.join(dir, "test.h5");
  await platform.storage.downloadToFile(input.key, h5);
  return execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", h5], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    encoding: "utf8",
  });
}
