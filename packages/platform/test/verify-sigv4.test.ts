import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { sigV4Refusal } from "../src/embedded/verify-sigv4.ts";

const client = new S3Client({
  endpoint: "http://127.0.0.1:4599",
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "KEY", secretAccessKey: "SECRET" },
});
const secretOf = (id: string) => (id === "KEY" ? "SECRET" : undefined);
const presign = (key: string) =>
  getSignedUrl(
    client,
    new GetObjectCommand({
      Bucket: "unblind",
      Key: key,
      ResponseContentDisposition: 'attachment; filename="train (1).h5"',
    }),
    { expiresIn: 300 },
  );
const asRequest = (url: string) => {
  const u = new URL(url);
  return { method: "GET", url: u.pathname + u.search, headers: { host: u.host } };
};

describe("Signature V4 check of the embedded S3 server", () => {
  it("accepts a URL presigned by the AWS SDK, with spaces and quotes in its key and parameters", async () => {
    assert.equal(sigV4Refusal(asRequest(await presign("datasets/top tagging/train+1.h5")), secretOf), null);
  });

  it("refuses the same URL pointed at another key, the truth's", async () => {
    const url = (await presign("datasets/top-tagging/train.h5")).replace("train.h5", "test_truth.csv");
    assert.equal(sigV4Refusal(asRequest(url), secretOf), "the signature does not match");
  });

  it("refuses an expired URL, another method, an unknown key and an unsigned request", async () => {
    const url = await presign("datasets/top-tagging/train.h5");
    assert.equal(sigV4Refusal(asRequest(url), secretOf, Date.now() + 301_000), "the presigned URL has expired");
    assert.equal(sigV4Refusal({ ...asRequest(url), method: "DELETE" }, secretOf), "the signature does not match");
    assert.equal(
      sigV4Refusal(asRequest(url), () => undefined),
      "invalid credential",
    );
    assert.equal(
      sigV4Refusal(
        { method: "GET", url: "/unblind/datasets/top-tagging/test_truth.csv", headers: { host: "127.0.0.1:4599" } },
        secretOf,
      ),
      "the request is not signed",
    );
  });
});
