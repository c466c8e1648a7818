// `node --import tsx scripts/backup-upload.mts <dump file>`: stores a
// database dump (pg_dump -Fc, made by the backup CronJob's first container)
// in the platform's bucket under backups/, then deletes the backups older
// than BACKUP_RETENTION_DAYS (default 30). The newest backup is never deleted.
import { createReadStream, statSync } from "node:fs";
import { DeleteObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { parseEnv } from "@unblind/platform/config/env.ts";
import { createPlatform } from "@unblind/platform/platform.ts";

const PREFIX = "backups/";

try {
  const file = process.argv[2];
  if (!file) throw new Error("usage: backup-upload.mts <dump file>");
  if (statSync(file).size === 0) throw new Error(`${file} is empty: the dump failed`);
  const retentionDays = Number(process.env.BACKUP_RETENTION_DAYS ?? "30");
  if (!(retentionDays >= 1)) throw new Error("BACKUP_RETENTION_DAYS must be at least 1");
  const { storage } = createPlatform(parseEnv(process.env));
  const key = `${PREFIX}unblind-${new Date().toISOString().replace(/[:.]/g, "-")}.dump`;
  await storage.putStream(key, createReadStream(file));
  process.stdout.write(`stored ${key} (${statSync(file).size} bytes, SHA-256 ${await storage.sha256(key)})\n`);
  const cutoff = Date.now() - retentionDays * 86_400_000;
  let token: string | undefined;
  do {
    const page = await storage.client.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: PREFIX, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key && o.Key !== key && o.LastModified && o.LastModified.getTime() < cutoff) {
        await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: o.Key }));
        process.stdout.write(`deleted ${o.Key} (older than ${retentionDays} days)\n`);
      }
    }
    token = page.NextContinuationToken;
  } while (token);
  process.exit(0);
} catch (error) {
  process.stderr.write(`backup failed: ${(error as Error).message}\n`);
  process.exit(1);
}
