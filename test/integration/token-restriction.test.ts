// A token restricted to one challenge carries the restriction in its caller,
// so every use case applies it: nothing of another challenge is listed, read,
// completed or selected through it, whatever the user may do otherwise.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { selectFinalSubmission } from "@unblind/platform/leaderboard/select-final-submission.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { completeUpload, startUpload } from "@unblind/platform/submissions/presigned-upload.ts";
import { authenticateToken } from "@unblind/platform/tokens/authenticate-token.ts";
import { createApiToken } from "@unblind/platform/tokens/create-api-token.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

describe("a token restricted to one challenge", () => {
  it("lists, reads, completes and selects nothing of another challenge; the same calls work with an unrestricted token", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const pinned = (
      await authenticateToken(
        platform.db,
        `Bearer ${(await createApiToken(platform, alice, { name: "trackml only", scopes: ["read", "submit"], challengeSlug: "trackml" })).token}`,
      )
    ).caller;
    assert.deepEqual(
      (await listChallenges(platform, pinned)).map((c) => c.slug),
      ["trackml"],
    );

    const { id } = await createSubmission(platform, alice, {
      challengeSlug: "top-tagging",
      fileName: "a.csv",
      body: streamOf("id,score\n0,0.5\n"),
    });
    await assert.rejects(getSubmission(platform, pinned, id), refused("NOT_FOUND"));
    await assert.rejects(
      selectFinalSubmission(platform, pinned, { submissionId: id, selected: true }),
      refused("NOT_FOUND"),
    );
    assert.equal((await getSubmission(platform, alice, id)).id, id);

    // An upload started for top tagging cannot be completed through the trackml token.
    const body = "id,score\n0,0.5\n";
    const { upload } = await startUpload(platform, alice, {
      challengeSlug: "top-tagging",
      fileName: "big.csv",
      size: body.length,
    });
    const put = await fetch(upload!.parts[0].url, { method: "PUT", body });
    const before = await platform.db.submission.count();
    await assert.rejects(
      completeUpload(platform, pinned, upload!.id, [{ partNumber: 1, etag: put.headers.get("etag")! }]),
      refused("NOT_FOUND"),
    );
    assert.equal(await platform.db.submission.count(), before, "nothing was recorded");
    assert.equal(
      (await completeUpload(platform, alice, upload!.id, [{ partNumber: 1, etag: put.headers.get("etag")! }])).status,
      "QUEUED",
    );
  });
});
