// Organizer dataset hosting on the seeded top-tagging challenge, against real
// PostgreSQL and s3rver: resumable multipart uploads straight to S3, the
// SHA-256 checked from S3 before publishing, versions kept for the scores that
// used them, soft delete and purge with audit events. And creating a
// challenge from a package.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { createChallengeFromPackage } from "@unblind/platform/challenges/create-from-package.ts";
import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import {
  completeDatasetUpload,
  getDatasetUpload,
  recordDatasetPart,
  startDatasetUpload,
} from "@unblind/platform/datasets/dataset-upload.ts";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { deleteDatasetFile, listDatasetFiles, purgeDatasetFile } from "@unblind/platform/datasets/manage-files.ts";
import type { Caller } from "@unblind/platform/platform.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { rescorePhase } from "@unblind/platform/submissions/rescore-phase.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

let services: Services;
let organizer: NonNullable<Caller>, alice: NonNullable<Caller>, admin: NonNullable<Caller>;
before(async () => {
  services = await startServices();
  [organizer, alice, admin] = await Promise.all(
    ["organizer@unblind.dev", "alice@unblind.dev", "admin@unblind.dev"].map((e) => services.callerFor(e)),
  );
});
after(() => services.stop());

const SLUG = "top-tagging";
const MIB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

type Upload = Awaited<ReturnType<typeof getDatasetUpload>>;
/** What the browser does for one part: PUT it to the presigned URL, then report its ETag. */
async function sendPart(upload: Upload, bytes: Buffer, partNumber: number) {
  const part = upload.parts[partNumber - 1];
  const res = await fetch(part.url!, {
    method: "PUT",
    body: new Uint8Array(bytes.subarray(part.offset, part.offset + part.size)),
  });
  assert.equal(res.status, 200);
  await recordDatasetPart(services.platform, organizer, upload.id, { partNumber, etag: res.headers.get("etag")! });
}

async function uploadWhole(
  name: string,
  bytes: Buffer,
  extra: { level?: "PUBLIC" | "TRUTH"; dataset?: string; slug?: string } = {},
) {
  const upload = await startDatasetUpload(services.platform, organizer, {
    challengeSlug: extra.slug ?? SLUG,
    dataset: extra.dataset ?? "Jets",
    name,
    size: bytes.length,
    access: extra.level,
  });
  for (const p of upload.parts) await sendPart(upload, bytes, p.partNumber);
  return completeDatasetUpload(services.platform, organizer, upload.id, { sha256: sha256(bytes) });
}

const events = async (action: string) =>
  (await listAuditEvents(services.platform, organizer, { challengeSlug: SLUG, limit: 500 })).filter(
    (e) => e.action === action,
  );
const participantFiles = async () =>
  (await getChallenge(services.platform, alice, SLUG)).datasets.flatMap((d) => d.files.map((f) => f.name));

describe("organizer dataset hosting", () => {
  it("resumes an interrupted upload with the missing parts only, and publishes only bytes whose SHA-256 matches", async () => {
    const { platform } = services;
    const bytes = randomBytes(40 * MIB);
    const upload = await startDatasetUpload(platform, organizer, {
      challengeSlug: SLUG,
      dataset: "Jets",
      name: "real_train.h5",
      size: bytes.length,
      access: "PUBLIC",
    });
    assert.equal(upload.parts.length, 3);
    const { key } = await platform.db.datasetUpload.findUniqueOrThrow({
      where: { id: upload.id },
      select: { key: true },
    });
    await assert.rejects(
      startDatasetUpload(platform, alice, { challengeSlug: SLUG, dataset: "Jets", name: "x.h5", size: 10 }),
      refused("FORBIDDEN"),
    );
    await assert.rejects(
      getDatasetUpload(platform, alice, upload.id),
      refused("NOT_FOUND"),
      "another user cannot see the upload",
    );
    await assert.rejects(
      startDatasetUpload(platform, organizer, {
        challengeSlug: SLUG,
        dataset: "Jets",
        name: "../etc/passwd",
        size: 10,
      }),
      refused("BAD_REQUEST", /not a file name/),
    );
    await assert.rejects(
      startDatasetUpload(platform, organizer, { challengeSlug: SLUG, dataset: "Nope", name: "a.h5", size: 10 }),
      refused("NOT_FOUND", /datasets are Jets, Code phase, Answer key/),
    );

    await sendPart(upload, bytes, 1);
    await sendPart(upload, bytes, 3);
    // The page is reloaded: the server knows which parts are in and signs URLs for the others only.
    const resumed = await getDatasetUpload(platform, organizer, upload.id);
    assert.deepEqual(
      resumed.parts.map((p) => [p.partNumber, p.done, p.url === null]),
      [
        [1, true, true],
        [2, false, false],
        [3, true, true],
      ],
    );
    assert.equal(resumed.bytesDone, bytes.length - 16 * MIB);
    await assert.rejects(
      completeDatasetUpload(platform, organizer, upload.id, { sha256: sha256(bytes) }),
      refused("CONFLICT", /1 of 3 part\(s\) have not been received \(2\)/),
    );

    await sendPart(resumed, bytes, 2);
    const wrong = sha256(Buffer.from("something else"));
    await assert.rejects(
      completeDatasetUpload(platform, organizer, upload.id, { sha256: wrong }),
      refused("BAD_REQUEST", /SHA-256 .* not the .* computed before sending.*Nothing was published/),
    );
    assert.equal(await platform.db.datasetFile.count({ where: { name: "real_train.h5" } }), 0, "nothing published");
    assert.equal(await platform.storage.objectSize(key), null, "the assembled object is deleted");
    await assert.rejects(
      getDatasetUpload(platform, organizer, upload.id),
      refused("NOT_FOUND"),
      "and the upload must start again",
    );

    const published = await uploadWhole("real_train.h5", bytes, { level: "PUBLIC" });
    assert.deepEqual(
      { version: published.version, sha256: published.sha256, size: published.size, access: published.access },
      { version: 1, sha256: sha256(bytes), size: bytes.length, access: "PUBLIC" },
    );
    assert.ok((await participantFiles()).includes("real_train.h5"));
    const { url } = await getDownloadUrl(platform, alice, published.id);
    assert.equal(
      sha256(Buffer.from(await (await fetch(url)).arrayBuffer())),
      sha256(bytes),
      "participants download exactly the published bytes",
    );
    assert.ok((await events("file.published")).some((e) => e.subjectId === published.id));
  });

  it("keeps the truth version a score used when the truth is replaced; it cannot be purged, and the phase moves to the new version", async () => {
    const { platform, dataDir } = services;
    const files = await platform.db.datasetFile.findMany({
      where: { name: { in: ["test.h5", "test_truth.csv"] }, dataset: { challenge: { slug: SLUG } } },
      select: { id: true, name: true, key: true },
    });
    for (const f of files) await platform.storage.downloadToFile(f.key, path.join(dataDir, f.name));
    const v1 = files.find((f) => f.name === "test_truth.csv")!;
    const baseline = execFileSync(
      "npm",
      ["run", "-s", "baseline", "--", "--challenge", SLUG, "--input", path.join(dataDir, "test.h5")],
      { encoding: "utf8" },
    );
    const first = await createSubmission(platform, alice, {
      challengeSlug: SLUG,
      fileName: "baseline.csv",
      body: streamOf(baseline),
    });
    assert.equal(await scoreSubmission(services.scorer, first.id), "SCORED");
    assert.equal(
      (await platform.db.submission.findUniqueOrThrow({ where: { id: first.id }, select: { truthFileId: true } }))
        .truthFileId,
      v1.id,
    );

    // A truth file stays at level truth.
    await assert.rejects(
      startDatasetUpload(platform, organizer, {
        challengeSlug: SLUG,
        dataset: "Answer key",
        name: "test_truth.csv",
        size: 100,
        access: "PUBLIC",
      }),
      refused("CONFLICT", /must be at level truth/),
    );
    const truth = Buffer.concat((await (await platform.storage.getStream(v1.key)).toArray()) as Buffer[]);
    const v2 = await uploadWhole("test_truth.csv", truth, { dataset: "Answer key" });
    assert.deepEqual([v2.version, v2.access], [2, "TRUTH"]);
    const phase = await platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug: SLUG }, kind: "STANDARD" },
      select: { id: true, truthFileId: true },
    });
    assert.equal(phase.truthFileId, v2.id, "the phase is scored against the new version");

    const listed = (await listDatasetFiles(platform, organizer, SLUG))
      .flatMap((d) => d.files)
      .filter((f) => f.name === "test_truth.csv");
    assert.deepEqual(
      listed.map((f) => [f.version, f.state, f.scores]),
      [
        [2, "live", 0],
        [1, "superseded", 1],
      ],
    );
    await assert.rejects(
      purgeDatasetFile(platform, organizer, { slug: SLUG, fileId: v1.id }),
      refused("CONFLICT", /1 score\(s\) were computed against test_truth.csv v1/),
    );
    await assert.rejects(platform.db.datasetFile.delete({ where: { id: v1.id } }), "the database refuses it too");
    await assert.rejects(
      deleteDatasetFile(platform, organizer, { slug: SLUG, fileId: v2.id }),
      refused("CONFLICT", /truth of/),
    );
    assert.ok(await platform.storage.objectSize(v1.key), "the old version's bytes are kept");

    await rescorePhase(platform, organizer, { phaseId: phase.id });
    assert.equal(await scoreSubmission(services.scorer, first.id), "SCORED");
    assert.equal(
      (await platform.db.submission.findUniqueOrThrow({ where: { id: first.id }, select: { truthFileId: true } }))
        .truthFileId,
      v2.id,
    );
    await purgeDatasetFile(platform, organizer, { slug: SLUG, fileId: v1.id });
    assert.equal(await platform.storage.objectSize(v1.key), null, "once no score uses it, the old version can go");
  });

  it("refuses a new truth or answer key that its scorer cannot read, saying where; the live version stays", async () => {
    const { platform } = services;
    const truthNamed = (name: string, slug = SLUG) =>
      platform.db.datasetFile.findMany({
        where: { name, dataset: { challenge: { slug } } },
        select: { id: true, version: true, supersededAt: true, key: true },
        orderBy: { version: "asc" },
      });
    const before = await truthNamed("test_truth.csv");
    const phaseTruth = async () =>
      (
        await platform.db.phase.findFirstOrThrow({
          where: { challenge: { slug: SLUG }, kind: "STANDARD" },
          select: { truthFileId: true },
        })
      ).truthFileId;
    const live = await phaseTruth();
    const uploadsBefore = await platform.db.datasetUpload.count();

    await assert.rejects(
      uploadWhole("test_truth.csv", Buffer.from("id,label\n0,1\n1,0\n"), { dataset: "Answer key" }),
      refused(
        "BAD_REQUEST",
        /^test_truth\.csv:1:1: the header must be "id,is_signal", found "id,label" \(read as the top-tagging scorer reads its truth\)\. It would replace the truth of .+, so it was not published; the live version stays\.$/,
      ),
    );
    await assert.rejects(
      uploadWhole("test_truth.csv", Buffer.from("id,is_signal\n0,1\n1,2\n"), { dataset: "Answer key" }),
      refused("BAD_REQUEST", /^test_truth\.csv:3:2: is_signal must be 0 or 1/),
    );
    // An HDF5 truth without the label column: the key and the column are named.
    const h5 = path.join(services.dataDir, "no-label.h5");
    execFileSync("/usr/bin/python3", [
      "-c",
      `import pandas as pd; pd.DataFrame({"truthE": [1.0, 2.0]}).to_hdf(${JSON.stringify(h5)}, key="table", format="table")`,
    ]);
    await assert.rejects(
      uploadWhole("test_truth.csv", readFileSync(h5), { dataset: "Answer key" }),
      refused("BAD_REQUEST", /^test_truth\.csv: .*is_signal_new/),
    );
    assert.deepEqual(await truthNamed("test_truth.csv"), before, "no version was added or superseded");
    assert.equal(await phaseTruth(), live, "the phase keeps its truth");
    assert.equal(await platform.db.datasetUpload.count(), uploadsBefore, "the refused uploads are forgotten");

    // A black box's answer key: the JSON the opening reads.
    const box = await platform.db.phase.findFirstOrThrow({
      where: { answerKeyFileId: { not: null }, openedAt: null },
      select: {
        challenge: { select: { slug: true } },
        answerKeyFile: { select: { name: true, dataset: { select: { name: true } } } },
      },
    });
    const key = box.answerKeyFile!;
    const keysBefore = await truthNamed(key.name, box.challenge.slug);
    await assert.rejects(
      uploadWhole(key.name, Buffer.from('{"mass": 3500}'), { dataset: key.dataset.name, slug: box.challenge.slug }),
      refused(
        "BAD_REQUEST",
        /the answer key has no numeric "nSignal" \(0 for a box without signal\)\. It would replace the answer key of /,
      ),
    );
    await assert.rejects(
      uploadWhole(key.name, Buffer.from("nSignal: 3"), { dataset: key.dataset.name, slug: box.challenge.slug }),
      refused("BAD_REQUEST", /the answer key is not valid JSON/),
    );
    assert.deepEqual(await truthNamed(key.name, box.challenge.slug), keysBefore);

    // A readable truth is published, with what the scorer found in it.
    const good = await uploadWhole("test_truth.csv", Buffer.from("id,is_signal\n0,1\n1,0\n2,0\n"), {
      dataset: "Answer key",
    });
    assert.deepEqual((good as { truth?: unknown }).truth, {
      units: 3,
      unit: "jets",
      classes: { signal: 1, background: 2 },
    });
    assert.equal(await phaseTruth(), good.id);
  });

  it("soft-deletes a file for participants with an audit event, and purges only deleted versions", async () => {
    const { platform } = services;
    const bytes = Buffer.from("a small public note\n");
    const file = await uploadWhole("note.txt", bytes, { level: "PUBLIC" });
    await assert.rejects(
      purgeDatasetFile(platform, organizer, { slug: SLUG, fileId: file.id }),
      refused("CONFLICT", /is live; delete it first/),
    );
    await assert.rejects(deleteDatasetFile(platform, alice, { slug: SLUG, fileId: file.id }), refused("FORBIDDEN"));
    await deleteDatasetFile(platform, organizer, { slug: SLUG, fileId: file.id });
    assert.ok(!(await participantFiles()).includes("note.txt"));
    await assert.rejects(getDownloadUrl(platform, alice, file.id), refused("NOT_FOUND"));
    assert.ok((await getDownloadUrl(platform, organizer, file.id)).url, "organizers can still check it");
    assert.ok((await events("file.deleted")).some((e) => e.subjectId === file.id));

    const key = (await platform.db.datasetFile.findUniqueOrThrow({ where: { id: file.id }, select: { key: true } }))
      .key;
    await purgeDatasetFile(platform, organizer, { slug: SLUG, fileId: file.id });
    assert.equal(await platform.db.datasetFile.count({ where: { id: file.id } }), 0);
    assert.equal(await platform.storage.objectSize(key), null);
    assert.ok((await events("file.purged")).some((e) => e.subjectId === file.id));
  });
});

describe("creating a challenge from a package", () => {
  it("is for site admins; publishes the synthetic data with truth bound to each phase, and is audited", async () => {
    const { platform } = services;
    await assert.rejects(
      createChallengeFromPackage(platform, organizer, { package: "top-tagging", slug: "tt-2" }),
      refused("FORBIDDEN", /site admins/),
    );
    await assert.rejects(
      createChallengeFromPackage(platform, admin, { package: "nope" }),
      refused("NOT_FOUND", /packages are top-tagging, trackml, lhco-2020/),
    );
    await assert.rejects(
      createChallengeFromPackage(platform, admin, { package: "top-tagging" }),
      refused("CONFLICT", /exists already/),
    );
    await assert.rejects(
      createChallengeFromPackage(platform, admin, { package: "top-tagging", slug: "Bad Slug" }),
      refused("BAD_REQUEST", /not a usable slug/),
    );

    const created = await createChallengeFromPackage(platform, admin, {
      package: "top-tagging",
      slug: "tt-2",
      title: "Top tagging, second round",
      size: { scale: 0.25 },
    });
    assert.ok(created.files > 0);
    const phases = await platform.db.phase.findMany({
      where: { challengeId: created.id },
      select: { truthFile: { select: { name: true, access: true } } },
    });
    // Main and the Models code phase: both scored against the test jets' labels.
    assert.deepEqual(
      phases.map((p) => p.truthFile),
      [
        { name: "test_truth.csv", access: "TRUTH" },
        { name: "test_truth.csv", access: "TRUTH" },
      ],
    );
    const view = await getChallenge(platform, admin, "tt-2");
    assert.equal(view.title, "Top tagging, second round");
    assert.ok(view.isOrganizer, "the creator organizes it");
    const audit = await listAuditEvents(platform, admin, { challengeSlug: "tt-2", limit: 50 });
    assert.ok(audit.some((e) => e.action === "challenge.created"));

    const bare = await createChallengeFromPackage(platform, admin, {
      package: "lhco-2020",
      slug: "lhco-real",
      organizerEmail: "organizer@unblind.dev",
      syntheticData: false,
    });
    assert.equal(bare.files, 0);
    assert.ok((await getChallenge(platform, organizer, "lhco-real")).isOrganizer);
  });
});
