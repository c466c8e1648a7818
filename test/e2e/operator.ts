// The operator's view of the platform under test, for the few checks that
// need hidden truth (which black box holds what is drawn from a secret seed).
// It reads the embedded database and object store of the test's DATA_DIR with
// their credentials, as only the server processes can; participants' probes
// never use it.
import type { Readable } from "node:stream";
import pg from "pg";
import { runningEmbeddedPostgresUrl } from "@unblind/platform/embedded/start-postgres.ts";
import { runningEmbeddedS3 } from "@unblind/platform/embedded/start-s3.ts";
import { Storage } from "@unblind/platform/storage/storage.ts";

function dataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set");
  return dir;
}

/** The bytes of the live version of a challenge's file, TRUTH files included. */
export async function storedFile(slug: string, name: string): Promise<Buffer> {
  const url = runningEmbeddedPostgresUrl(dataDir());
  const s3 = runningEmbeddedS3(dataDir());
  if (!url || !s3) throw new Error("the platform under test is not running");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let key: string;
  try {
    const { rows } = await client.query<{ key: string }>(
      `SELECT f.key FROM "DatasetFile" f JOIN "Dataset" d ON d.id = f."datasetId" JOIN "Challenge" c ON c.id = d."challengeId"
       WHERE c.slug = $1 AND f.name = $2 AND f."supersededAt" IS NULL AND f."deletedAt" IS NULL`,
      [slug, name],
    );
    if (!rows[0]) throw new Error(`no live file ${name} in ${slug}`);
    key = rows[0].key;
  } finally {
    await client.end();
  }
  const storage = new Storage({
    endpoint: s3.endpoint,
    region: "us-east-1",
    bucket: "unblind",
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of (await storage.getStream(key)) as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
