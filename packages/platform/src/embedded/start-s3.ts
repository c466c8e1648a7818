// A real S3-protocol server (s3rver) on loopback, used when S3_ENDPOINT is
// unset. Objects live in DATA_DIR/s3. It allows browser CORS so that presigned
// downloads work from the web pages exactly as they do against AWS or MinIO.
import { mkdirSync } from "node:fs";
import path from "node:path";
import S3rver from "s3rver";
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
      console.warn(`[s3rver] a multipart upload was completed with a part it never received (${path.basename(error.path)}); refused`);
      return;
    }
    console.error(error);
    process.exit(1);
  });
}

export async function startEmbeddedS3(dataDir: string, bucket: string, port?: number): Promise<EmbeddedS3Handle> {
  const directory = path.join(dataDir, "s3");
  mkdirSync(directory, { recursive: true });
  port ??= await freePort();
  surviveS3rverUploadBug();
  const server = new S3rver({
    address: "127.0.0.1",
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // s3rver's fixed development credentials.
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    stop: () => server.close(),
  };
}
