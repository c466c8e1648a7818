// Storage a participant can fill before a submission exists: every
// presigned part is bound to its announced size, a user's uploads in
// progress are bounded, and an expired upload's parts are removed, on the
// embedded store as on S3.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Caller } from "@unblind/platform/platform.ts";
import {
  dropExpiredUploads,
  MAX_PENDING_UPLOADS,
  startUpload,
} from "@unblind/platform/submissions/presigned-upload.ts";
import { refused, startServices, type Services } from "./services.ts";

let services: Services;
let uploader: NonNullable<Caller>;
before(async () => {
  services = await startServices();
  await services.platform.db.user.create({ data: { email: "uploader@unblind.dev", name: "Uploader" } });
  uploader = await services.callerFor("uploader@unblind.dev");
});
after(() => services.stop());

const uploadsDir = () => path.join(services.dataDir, "s3", "unblind-test", "._S3rver_uploads");
const partsOnDisk = (uploadId: string) =>
  existsSync(path.join(uploadsDir(), uploadId))
    ? readdirSync(path.join(uploadsDir(), uploadId)).filter((f) => /^\d+$/.test(f)).length
    : 0;

describe("uploads in progress", () => {
  it("bind each presigned part to its announced size: a larger body is refused and nothing is stored", async () => {
    const { platform } = services;
    const started = await startUpload(platform, uploader, {
      challengeSlug: "top-tagging",
      fileName: "one-byte.csv",
      size: 1,
    });
    const { id, parts } = started.upload!;
    const row = await platform.db.pendingUpload.findUniqueOrThrow({ where: { id }, select: { s3UploadId: true } });
    const big = await fetch(parts[0].url, { method: "PUT", body: Buffer.alloc(5 * 1024 * 1024, 0x31) });
    assert.equal(big.status, 403);
    assert.equal(partsOnDisk(row.s3UploadId), 0);
    const right = await fetch(parts[0].url, { method: "PUT", body: "1" });
    assert.equal(right.status, 200);
    assert.equal(partsOnDisk(row.s3UploadId), 1);
  });

  it("are bounded per user, and an expired one is aborted with its parts removed from the store", async () => {
    const { platform } = services;
    const open = await platform.db.pendingUpload.count({ where: { userId: uploader.userId } });
    for (let i = open; i < MAX_PENDING_UPLOADS; i++)
      await startUpload(platform, uploader, { challengeSlug: "top-tagging", fileName: `u${i}.csv`, size: 10 });
    await assert.rejects(
      startUpload(platform, uploader, { challengeSlug: "top-tagging", fileName: "more.csv", size: 10 }),
      refused("TOO_MANY_REQUESTS", /uploads in progress/),
    );
    assert.equal(await platform.db.pendingUpload.count({ where: { userId: uploader.userId } }), MAX_PENDING_UPLOADS);

    const withPart = await platform.db.pendingUpload.findMany({
      where: { userId: uploader.userId },
      select: { s3UploadId: true },
    });
    assert.ok(withPart.some((u) => partsOnDisk(u.s3UploadId) === 1));
    await platform.db.pendingUpload.updateMany({
      where: { userId: uploader.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    assert.equal(await dropExpiredUploads(platform), MAX_PENDING_UPLOADS);
    for (const u of withPart)
      assert.equal(existsSync(path.join(uploadsDir(), u.s3UploadId)), false, "the parts are gone from the store");
    // The user may start again.
    assert.ok(
      (await startUpload(platform, uploader, { challengeSlug: "top-tagging", fileName: "again.csv", size: 10 })).upload,
    );
  });
});
