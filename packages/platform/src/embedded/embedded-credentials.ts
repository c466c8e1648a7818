// Credentials of the embedded servers (s3rver, PostgreSQL), generated at
// random once per data directory and kept in DATA_DIR/embedded-credentials.json
// with owner-only permissions.
//
// Why: s3rver's default credentials are public ("S3RVER" as both access key
// and secret), and every presigned URL carries the access key in the clear.
// With a fixed secret anyone holding one URL could sign any request: list the
// bucket, read the truth files, overwrite submissions. The secret here is 256
// random bits that never leave the server processes; the access key id is
// random too, so it says nothing about the secret.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const FILE = "embedded-credentials.json";

const credentialsSchema = z.object({
  s3: z.object({ accessKeyId: z.string().min(16), secretAccessKey: z.string().min(32) }),
  postgres: z.object({ password: z.string().min(32) }),
});

export type EmbeddedCredentials = z.infer<typeof credentialsSchema>;

function fresh(): EmbeddedCredentials {
  return {
    // S3 access key ids are upper-case alphanumerics by convention.
    s3: {
      accessKeyId: `UNBLIND${randomBytes(10).toString("hex").toUpperCase()}`,
      secretAccessKey: randomBytes(32).toString("base64url"),
    },
    postgres: { password: randomBytes(32).toString("hex") },
  };
}

/** Where the credentials of DATA_DIR's embedded servers are kept. */
export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, FILE);
}

/**
 * The credentials of this data directory, created on first use. `created`
 * says whether this call made them (an older data directory may hold a
 * database initialised with the former fixed password, which the caller
 * then changes). Creation is atomic (write a private temporary file, then
 * link it into place, which fails if another process won), so two processes
 * starting at once agree on one set.
 */
export function embeddedCredentials(dataDir: string): { credentials: EmbeddedCredentials; created: boolean } {
  const file = credentialsFile(dataDir);
  let created = false;
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temporary, `${JSON.stringify(fresh(), null, 2)}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(temporary, file);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  // Someone loosened the permissions by hand: the secrets are only safe when only the owner reads them.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  let parsed: ReturnType<typeof credentialsSchema.safeParse> | undefined;
  try {
    parsed = credentialsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success)
    throw new Error(
      `${file} is damaged; it holds the embedded servers' credentials (remove it only together with the data directory's postgres/ and s3/ folders)`,
    );
  return { credentials: parsed.data, created };
}
