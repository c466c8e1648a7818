// Object storage over the S3 protocol. The same code talks to s3rver (the
// embedded default), AWS S3, MinIO or Ceph: only endpoint and credentials change.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { type Readable, Transform } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Env } from "../config/env.ts";

export interface StorageConfig {
  endpoint?: string;
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function storageConfigFromEnv(env: Env): StorageConfig {
  return {
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  };
}

function makeClient(config: StorageConfig, endpoint: string | undefined): S3Client {
  return new S3Client({
    region: config.region,
    endpoint,
    // Path-style addressing whenever an endpoint is given: MinIO, Ceph and
    // s3rver do not resolve virtual-host bucket names.
    forcePathStyle: Boolean(endpoint),
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // Checksums on every request would break presigned URLs for some
    // S3-compatible servers; only compute them where the API requires it.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export class Storage {
  readonly client: S3Client;
  private readonly presignClient: S3Client;
  readonly bucket: string;

  constructor(config: StorageConfig) {
    this.client = makeClient(config, config.endpoint);
    this.presignClient = config.publicEndpoint ? makeClient(config, config.publicEndpoint) : this.client;
    this.bucket = config.bucket;
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  /** Streams a body of unknown length to S3 (multipart above 8 MiB). */
  async putStream(key: string, body: Readable, contentType = "application/octet-stream"): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    });
    await upload.done();
  }

  /** Copies an object to a new key, streamed through this process (any size; no UploadPartCopy needed). */
  async copy(from: string, to: string): Promise<void> {
    await this.putStream(to, await this.getStream(from));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async getStream(key: string): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return out.Body as Readable;
  }

  /** The SHA-256 of an object as stored, read back in full (hex). */
  async sha256(key: string): Promise<string> {
    const hash = createHash("sha256");
    for await (const chunk of await this.getStream(key)) hash.update(chunk as Buffer);
    return hash.digest("hex");
  }

  /** Downloads an object to a new file and returns the SHA-256 of what was written. */
  async downloadToFile(key: string, destination: string): Promise<{ sha256: string }> {
    const hash = createHash("sha256");
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(await this.getStream(key), hashing, createWriteStream(destination, { mode: 0o600, flags: "wx" }));
    return { sha256: hash.digest("hex") };
  }

  /** Starts a multipart upload whose parts clients PUT straight to S3 (presignUploadPart). */
  async createMultipartUpload(key: string): Promise<string> {
    const out = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: "application/octet-stream" }),
    );
    if (!out.UploadId) throw new Error("the object store returned no upload id");
    return out.UploadId;
  }

  /**
   * A PUT URL for one part, bound to its announced size: the Content-Length
   * is part of the signature, so a client cannot store more than it said
   * (S3, MinIO, Ceph and the embedded store all refuse a mismatch).
   */
  presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    size: number,
    expiresInSeconds: number,
  ): Promise<string> {
    return getSignedUrl(
      this.presignClient,
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        ContentLength: size,
      }),
      {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(["content-length"]),
      },
    );
  }

  /** Assembles the parts; gives up after 10 minutes (s3rver never answers when a part is missing). */
  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
      { abortSignal: AbortSignal.timeout(10 * 60_000) },
    );
  }

  /** Drops an unfinished multipart upload and its parts (best effort; the embedded store does it too, start-s3.ts). */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    await this.client
      .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
      .catch(() => {});
  }

  /** The object's size in bytes, or null when there is no such object. */
  async objectSize(key: string): Promise<number | null> {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ContentLength ?? null;
    } catch (error) {
      if (
        (error as { name?: string }).name === "NotFound" ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      )
        return null;
      throw error;
    }
  }

  /** A short-lived GET URL; the browser downloads straight from S3. */
  async presignGet(key: string, downloadName: string, expiresInSeconds = 300): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${downloadName.replace(/["\\]/g, "_")}"`,
    });
    return getSignedUrl(this.presignClient, command, { expiresIn: expiresInSeconds });
  }
}
