// A real S3-protocol server (s3rver) on loopback, used when S3_ENDPOINT is
// unset. Objects live in DATA_DIR/s3. It allows browser CORS so that presigned
// downloads work from the web pages exactly as they do against AWS or MinIO.
// Every request but a CORS preflight must carry a valid Signature V4 (see
// verify-sigv4.ts): s3rver alone would serve any object to anyone.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import S3rver from "s3rver";
import { DUMMY_ACCOUNT } from "s3rver/lib/models/account.js";
import { embeddedCredentials } from "./embedded-credentials.ts";
import { sigV4Refusal } from "./verify-sigv4.ts";
import { freePort } from "./free-port.ts";

export interface EmbeddedS3Handle {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** `port` reuses a port (to bring a stopped server back at the same endpoint); by default a free one. */
/**
 * s3rver 3.7 crashes its whole process (here: the launcher, with the
 * embedded database) when a multipart upload is completed with a part it
 * never received: a file stream's unhandled "error". AWS S3, MinIO and Ceph
 * answer InvalidPart instead. This keeps the embedded server alive; the
 * request fails and the upload is refused.
 */
let guarded = false;
function surviveS3rverUploadBug(): void {
  if (guarded) return;
  guarded = true;
  process.on("uncaughtException", (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" && error.path?.includes("._S3rver_uploads")) {
      console.warn(
        `[s3rver] a multipart upload was completed with a part it never received (${path.basename(error.path)}); refused`,
      );
      return;
    }
    console.error(error);
    process.exit(1);
  });
}

/**
 * AbortMultipartUpload, which s3rver 3.7 does not implement: its parts stay
 * on disk forever. As S3 does, the upload's parts are removed (after the
 * signature check). True when the request was one.
 */
function abortUpload(directory: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "DELETE") return false;
  const url = new URL(req.url ?? "/", "http://s3");
  const uploadId = url.searchParams.get("uploadId");
  if (uploadId === null) return false;
  const bucket = decodeURIComponent(url.pathname.split("/")[1] ?? "");
  req.resume();
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || !/^[0-9a-f]{32}$/.test(uploadId)) {
    res.writeHead(400, { "content-type": "application/xml" });
    res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code></Error>');
    return true;
  }
  rmSync(path.join(directory, bucket, "._S3rver_uploads", uploadId), { recursive: true, force: true });
  res.writeHead(204, { "access-control-allow-origin": "*" });
  res.end();
  return true;
}

/** Wraps the server's request handler: unsigned or wrongly signed requests get 403, as from S3. */
function requireSignatures(
  server: S3rver,
  directory: string,
  secretOf: (accessKeyId: string) => string | undefined,
): void {
  const handle = S3rver.prototype.callback.call(server);
  server.callback = () => (req: IncomingMessage, res: ServerResponse) => {
    const refusal =
      req.method === "OPTIONS"
        ? null
        : sigV4Refusal({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers }, secretOf);
    if (refusal === null) return abortUpload(directory, req, res) || handle(req, res);
    req.resume();
    res.writeHead(403, { "content-type": "application/xml", "access-control-allow-origin": "*" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${refusal}</Message></Error>`,
    );
  };
}

export async function startEmbeddedS3(dataDir: string, bucket: string, port?: number): Promise<EmbeddedS3Handle> {
  const directory = path.join(dataDir, "s3");
  // The objects are plain files here, truth included: readable by this user only.
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  port ??= await freePort();
  surviveS3rverUploadBug();
  const server = new S3rver({
    address: "127.0.0.1",
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  });
  // Never s3rver's public default: the data directory's own random credentials (embedded-credentials.ts).
  const { accessKeyId, secretAccessKey } = embeddedCredentials(dataDir).credentials.s3;
  requireSignatures(server, directory, (id) => (id === accessKeyId ? secretAccessKey : undefined));
  // s3rver checks signatures again against its own key registry: it must know
  // this pair and forget its built-in "S3RVER" one.
  DUMMY_ACCOUNT.revokeAccessKey("S3RVER");
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // Tells other processes on this data directory (the admin CLI) where it listens, with the owner's pid.
  const marker = path.join(directory, RUNNING_FILE);
  writeFileSync(marker, `${process.pid}\n${endpoint}\n`);
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    stop: async () => {
      rmSync(marker, { force: true });
      await server.close();
    },
  };
}

const RUNNING_FILE = "running-endpoint";

/** The embedded S3 another process (a running `npm start`) serves from this data directory, if it is alive. */
export function runningEmbeddedS3(
  dataDir: string,
): { endpoint: string; accessKeyId: string; secretAccessKey: string } | undefined {
  const marker = path.join(dataDir, "s3", RUNNING_FILE);
  if (!existsSync(marker)) return undefined;
  const [pid, endpoint] = readFileSync(marker, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  return endpoint ? { endpoint, ...embeddedCredentials(dataDir).credentials.s3 } : undefined;
}
