// The restore drill of docs/operations.md, automated: a platform with
// submissions and scores is backed up with the documented commands (pg_dump
// --format=custom, then scripts/backup-upload.mts into the bucket), its
// database is wiped, restored from the bucket with pg_restore, migrated, and
// every submission, score, leaderboard row, audit event and file checksum
// must be identical. PostgreSQL here is the system's server, so pg_dump and
// pg_restore match its version (the embedded one ships no client tools).
import assert from "node:assert/strict";
import { execFile as execFileCallback, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { startEmbeddedS3, type EmbeddedS3Handle } from "@unblind/platform/embedded/start-s3.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { createPlatform, type Platform } from "@unblind/platform/platform.ts";
import { seedDemo } from "@unblind/platform/seed/seed-demo.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { loadScorerConfig } from "../../apps/scorer/src/config.ts";
import { prepareRuntime, sandboxUid } from "../../apps/scorer/src/runtime.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { startPostgresServer, type PostgresServer } from "./postgres-server.ts";
import { streamOf, topTaggingBaselineCsv } from "./services.ts";

const execFile = promisify(execFileCallback);
const ROOT = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "unblind-drill-"));
let pg: PostgresServer;
let s3: EmbeddedS3Handle;
let platform: Platform;
let env: Record<string, string>;

before(async () => {
  pg = await startPostgresServer();
  s3 = await startEmbeddedS3(dir, "unblind-drill");
  env = {
    DATABASE_URL: pg.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_BUCKET: "unblind-drill",
    DATA_DIR: dir,
  };
  await migrate(pg.url);
  platform = createPlatform(parseEnv(env));
  await seedDemo(platform);
});

after(async () => {
  if (platform) {
    await (await platform.queue()).stop({ graceful: false, wait: true }).catch(() => {});
    await platform.db.$disconnect();
  }
  await s3?.stop();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row that matters, as JSON text in a fixed order, and the SHA-256 of every stored object the rows point at. */
async function snapshot(p: Platform) {
  const table = async (name: string, order: string) =>
    (
      await p.db.$queryRawUnsafe<{ row: unknown }[]>(`SELECT to_jsonb(t) AS row FROM "${name}" t ORDER BY ${order}`)
    ).map((r) => JSON.stringify(r.row));
  const rows = {
    users: await table("User", "id"),
    challenges: await table("Challenge", "id"),
    phases: await table("Phase", "id"),
    files: await table("DatasetFile", "id"),
    submissions: await table("Submission", "id"),
    privateScores: await table("PrivateScore", '"submissionId"'),
    leaderboard: await table("LeaderboardEntry", '"phaseId", board, rank'),
    audit: await table("AuditEvent", "id"),
  };
  const keys = await p.db.$queryRaw<{ key: string; sha256: string }[]>`
    SELECT key, sha256 FROM "DatasetFile" UNION ALL SELECT "fileKey" AS key, sha256 FROM "Submission" ORDER BY key`;
  const objects: Record<string, string> = {};
  for (const { key, sha256 } of keys) {
    objects[key] = await p.storage.sha256(key);
    assert.equal(objects[key], sha256, `${key}: the stored object's SHA-256 differs from its row's`);
  }
  return { rows, objects };
}

describe("the restore drill", () => {
  it("backs up, wipes, restores and finds every submission, score and file checksum identical", async () => {
    const { db, storage } = platform;
    // Submissions with scores: the top-tagging baseline twice, a noisier one, and an invalid file.
    const csv = await topTaggingBaselineCsv(platform, dir);
    const noisy = csv.replace(/,(0\.\d+)$/gm, (_, s: string) => `,${(Number(s) * 0.5 + 0.25).toFixed(6)}`);
    const config = loadScorerConfig({});
    const ctx = {
      platform,
      runtime: { ...(await prepareRuntime(config)), uid: sandboxUid(config, 0) },
      owner: "drill",
      leaseSeconds: 30,
      maxAttempts: 2,
    };
    const users = await db.user.findMany({
      where: { email: { in: ["alice@unblind.dev", "bob@unblind.dev"] } },
      select: { id: true, siteRole: true },
      orderBy: { email: "asc" },
    });
    const ids: string[] = [];
    for (const [k, body] of [csv, noisy, csv, "id,score\n0,NaN\n"].entries()) {
      const { id } = await createSubmission(
        platform,
        { userId: users[k % 2].id, siteRole: users[k % 2].siteRole },
        { challengeSlug: "top-tagging", fileName: `drill-${k}.csv`, body: streamOf(body) },
      );
      await scoreSubmission(ctx, id);
      ids.push(id);
    }
    rmSync(ctx.runtime.bundle.dir, { recursive: true, force: true });
    assert.deepEqual(
      (
        await db.submission.findMany({
          where: { id: { in: ids } },
          select: { status: true },
          orderBy: { createdAt: "asc" },
        })
      ).map((s) => s.status),
      ["SCORED", "SCORED", "SCORED", "INVALID"],
    );
    const before = await snapshot(platform);
    const boardBefore = await getLeaderboard(platform, null, "top-tagging");
    assert.ok(
      before.rows.submissions.length >= 4 &&
        before.rows.privateScores.length >= 3 &&
        before.rows.leaderboard.length > 0,
    );

    // 1. Back up with the documented commands (infra/backup-cronjob.yaml).
    const dump = path.join(dir, "unblind.dump");
    execFileSync(pg.bin("pg_dump"), ["--format=custom", "--no-owner", `--file=${dump}`, pg.url]);
    const childEnv = { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    const upload = await execFile(process.execPath, ["--import", "tsx", "scripts/backup-upload.mts", dump], {
      cwd: ROOT,
      env: childEnv,
    });
    assert.match(upload.stdout, /^stored backups\/unblind-\S+\.dump \(\d+ bytes, SHA-256 [0-9a-f]{64}\)/);
    rmSync(dump);

    // 2. Wipe the database.
    await (await platform.queue()).stop({ graceful: false, wait: true });
    await db.$disconnect();
    const admin = (sql: string) =>
      execFileSync(pg.bin("psql"), [pg.url.replace(/\/unblind$/, "/postgres"), "-v", "ON_ERROR_STOP=1", "-c", sql], {
        stdio: "pipe",
      });
    admin("DROP DATABASE unblind WITH (FORCE)");
    admin("CREATE DATABASE unblind");

    // 3. Restore from the newest backup in the bucket (docs/operations.md, "Restore"), then migrate.
    const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: "backups/" }));
    const newest = (listed.Contents ?? [])
      .map((o) => o.Key!)
      .sort()
      .at(-1)!;
    const fetched = path.join(dir, "fetched.dump");
    await storage.downloadToFile(newest, fetched);
    execFileSync(pg.bin("pg_restore"), ["--no-owner", `--dbname=${pg.url}`, fetched]);
    const migrated = await execFile(process.execPath, ["--import", "tsx", "scripts/migrate.mts"], {
      cwd: ROOT,
      env: childEnv,
    });
    assert.match(migrated.stdout, /the database is up to date/);

    // 4. Everything is as it was.
    const restored = createPlatform(parseEnv(env));
    const after = await snapshot(restored);
    for (const key of Object.keys(before.rows) as (keyof typeof before.rows)[])
      assert.deepEqual(after.rows[key], before.rows[key], `${key} differ after the restore`);
    assert.deepEqual(after.objects, before.objects);
    const boardAfter = await getLeaderboard(restored, null, "top-tagging");
    assert.deepEqual(boardAfter.rows, boardBefore.rows);
    platform = restored;
  });
});
