import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { rescorePhase } from "@unblind/platform/submissions/rescore-phase.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { phaseArgs } from "../../apps/scorer/src/run-scorer-cli.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { startServices, streamOf, type Services } from "./services.ts";

let services: Services;
let baselineCsv: string;
let truthPath: string;

before(async () => {
  services = await startServices();
  const { db, storage } = services.platform;
  const files = await db.datasetFile.findMany({
    where: { name: { in: ["test.h5", "test_truth.csv"] }, dataset: { challenge: { slug: "top-tagging" } } },
    select: { name: true, key: true },
  });
  const dir = services.dataDir;
  for (const f of files) await storage.downloadToFile(f.key, path.join(dir, f.name));
  truthPath = path.join(dir, "test_truth.csv");
  baselineCsv = execFileSync(
    "npm",
    ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", path.join(dir, "test.h5")],
    { encoding: "utf8" },
  );
});

after(() => services.stop());

async function counts() {
  const { db } = services.platform;
  return { submissions: await db.submission.count(), audit: await db.auditEvent.count() };
}

describe("a top-tagging submission from upload to leaderboard", () => {
  it("is stored with its checksum, scored exactly as the CLI scores it, and ranked", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const created = await createSubmission(platform, alice, {
      challengeSlug: "top-tagging",
      fileName: "baseline.csv",
      body: streamOf(baselineCsv),
    });
    assert.equal(created.status, "QUEUED");
    assert.equal(created.sha256, createHash("sha256").update(baselineCsv).digest("hex"));

    assert.equal(await scoreSubmission(services.scorer, created.id), "SCORED");
    const stored = await getSubmission(platform, alice, created.id);
    const subFile = path.join(services.dataDir, "baseline.csv");
    writeFileSync(subFile, baselineCsv);
    // The phase's public/private split and shared resamples, as the scorer passes them.
    const phase = await platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug: "top-tagging" } },
      select: { publicFraction: true, splitKey: true, bootstrapResamples: true },
    });
    const cli = JSON.parse(
      execFileSync(
        "npm",
        [
          "run",
          "-s",
          "score",
          "--",
          "--challenge",
          "top-tagging",
          "--truth",
          truthPath,
          "--submission",
          subFile,
          ...phaseArgs(phase),
        ],
        { encoding: "utf8" },
      ),
    );
    const scores = stored.scores as Record<string, number>;
    for (const key of [
      "auc",
      "accuracy",
      "bgRejection30",
      "bgRejection50",
      "bgRejection30Interpolated",
      "bgRejection50Interpolated",
    ]) {
      assert.equal(scores[key], cli[key], key);
    }
    // The full ROC curve is stored, and shown once the results are released; during the phase the participant gets its working points.
    const kept = await platform.db.submission.findUniqueOrThrow({
      where: { id: created.id },
      select: { curves: true },
    });
    assert.ok((kept.curves as { roc: unknown[] }).roc.length > 10);
    assert.equal((stored.curves as { workingPoints: unknown[] }).workingPoints.length, 9);
    assert.equal((stored.curves as { roc?: unknown }).roc, undefined);

    const row = await platform.db.submission.findUniqueOrThrow({
      where: { id: created.id },
      select: { truthSha256: true, scorerVersion: true },
    });
    assert.equal(
      row.truthSha256,
      createHash("sha256")
        .update(execFileSync("cat", [truthPath]))
        .digest("hex"),
    );
    assert.match(row.scorerVersion!, /^unblind-scoring\//);

    const board = await getLeaderboard(platform, null, "top-tagging");
    assert.equal(board.rows[0].participant, "Alice Participant");
    assert.equal(board.rows[0].scores.auc, cli.auc);
  });

  it("is never scored twice: a re-run of a finished job changes nothing", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const { id } = await createSubmission(platform, alice, {
      challengeSlug: "top-tagging",
      fileName: "again.csv",
      body: streamOf(baselineCsv),
    });
    await scoreSubmission(services.scorer, id);
    const before = await counts();
    assert.equal(await scoreSubmission(services.scorer, id), "SKIPPED");
    assert.deepEqual(await counts(), before);
  });

  it("ends INVALID with the located error, and an invalid file does not use up the daily limit", async () => {
    const { platform } = services;
    const bob = await services.callerFor("bob@unblind.dev");
    const challenge = await getLimitState(bob.userId);
    const { id } = await createSubmission(platform, bob, {
      challengeSlug: "top-tagging",
      fileName: "dup.csv",
      body: streamOf("id,score\n0,0.1\n0,0.2\n"),
    });
    assert.equal(await scoreSubmission(services.scorer, id), "INVALID");
    const s = await getSubmission(platform, bob, id);
    assert.equal(s.errorLine, 3);
    assert.equal(s.errorColumn, 1);
    assert.match(s.errorMessage!, /^dup\.csv \(line 3, column 1\): .*id 0 appears twice \(first on line 2\)/);
    assert.equal(await getLimitState(bob.userId), challenge);
  });

  it("refuses a submission over the daily limit with the reset time, storing nothing", async () => {
    const { platform } = services;
    const { db } = platform;
    const bob = await services.callerFor("bob@unblind.dev");
    await db.phase.updateMany({ where: { challenge: { slug: "top-tagging" } }, data: { maxPerDay: 0 } });
    try {
      const before = await counts();
      await assert.rejects(
        createSubmission(platform, bob, {
          challengeSlug: "top-tagging",
          fileName: "x.csv",
          body: streamOf(baselineCsv),
        }),
        (e: unknown) => e instanceof AppError && e.code === "TOO_MANY_REQUESTS" && /resets at \d{4}-/.test(e.message),
      );
      assert.deepEqual(await counts(), before);
    } finally {
      await db.phase.updateMany({ where: { challenge: { slug: "top-tagging" } }, data: { maxPerDay: 20 } });
    }
  });

  it("refuses a file over the phase's size limit mid-stream, leaving no row and no object", async () => {
    const { platform } = services;
    const { db } = platform;
    const bob = await services.callerFor("bob@unblind.dev");
    await db.phase.updateMany({ where: { challenge: { slug: "top-tagging" } }, data: { maxFileBytes: 1000n } });
    try {
      const before = { ...(await counts()), objects: storedSubmissionFiles() };
      assert.ok(before.objects > 0, "earlier submissions are on disk, so the count is meaningful");
      await assert.rejects(
        createSubmission(platform, bob, {
          challengeSlug: "top-tagging",
          fileName: "big.csv",
          body: streamOf(baselineCsv),
        }),
        (e: unknown) =>
          e instanceof AppError && e.code === "PAYLOAD_TOO_LARGE" && /limit of 1000 bytes/.test(e.message),
      );
      assert.deepEqual({ ...(await counts()), objects: storedSubmissionFiles() }, before);
    } finally {
      await db.phase.updateMany({
        where: { challenge: { slug: "top-tagging" } },
        data: { maxFileBytes: 100n * 1024n * 1024n },
      });
    }
  });

  it("refuses a challenge that is not accepting submissions, storing nothing", async () => {
    const bob = await services.callerFor("bob@unblind.dev");
    const { db } = services.platform;
    await db.challenge.update({ where: { slug: "trackml" }, data: { acceptingSubmissions: false } });
    try {
      const before = await counts();
      await assert.rejects(
        createSubmission(services.platform, bob, { challengeSlug: "trackml", fileName: "x.csv", body: streamOf("a") }),
        (e: unknown) => e instanceof AppError && e.code === "PHASE_CLOSED",
      );
      assert.deepEqual(await counts(), before);
    } finally {
      await db.challenge.update({ where: { slug: "trackml" }, data: { acceptingSubmissions: true } });
    }
  });
});

/** Submission objects as s3rver keeps them on disk (its directory layout mirrors the keys). */
function storedSubmissionFiles(): number {
  const root = path.join(services.dataDir, "s3", "unblind-test", "submissions");
  return existsSync(root)
    ? readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith("._S3rver_object")).length
    : 0;
}

async function getLimitState(userId: string) {
  return services.platform.db.submission.count({ where: { userId, status: { not: "INVALID" } } });
}

describe("who sees what", () => {
  it("answers NOT_FOUND when a participant asks for another participant's submission", async () => {
    const { platform } = services;
    const alice = await services.callerFor("alice@unblind.dev");
    const bob = await services.callerFor("bob@unblind.dev");
    const { id } = await createSubmission(platform, alice, {
      challengeSlug: "top-tagging",
      fileName: "mine.csv",
      body: streamOf(baselineCsv),
    });
    await assert.rejects(
      getSubmission(platform, bob, id),
      (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND",
    );
    await assert.rejects(
      getSubmission(platform, null, id),
      (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND",
    );
    const organizer = await services.callerFor("organizer@unblind.dev");
    assert.equal((await getSubmission(platform, organizer, id)).fileName, "mine.csv");
  });

  it("never hands out the answer key, not even to an organizer", async () => {
    const { platform } = services;
    const truth = await platform.db.datasetFile.findFirstOrThrow({ where: { access: "TRUTH" }, select: { id: true } });
    for (const email of ["alice@unblind.dev", "organizer@unblind.dev"]) {
      await assert.rejects(
        getDownloadUrl(platform, await services.callerFor(email), truth.id),
        (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND",
      );
    }
  });

  it("gives participant files to signed-in users only, through a presigned URL whose bytes match the checksum", async () => {
    const { platform } = services;
    const file = await platform.db.datasetFile.findFirstOrThrow({
      where: { name: "test.h5" },
      select: { id: true, sha256: true },
    });
    await assert.rejects(
      getDownloadUrl(platform, null, file.id),
      (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND",
    );
    const { url } = await getDownloadUrl(platform, await services.callerFor("bob@unblind.dev"), file.id);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    assert.equal(createHash("sha256").update(bytes).digest("hex"), file.sha256);
  });
});

describe("re-scoring a phase", () => {
  it("is refused to a participant, as if the phase did not exist", async () => {
    const { platform } = services;
    const phase = await platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug: "top-tagging" } },
      select: { id: true },
    });
    await assert.rejects(
      rescorePhase(platform, await services.callerFor("alice@unblind.dev"), { phaseId: phase.id }),
      (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND",
    );
  });

  it("sends every finished submission back to the queue, and scoring again gives the same numbers under the audit log", async () => {
    const { platform } = services;
    const { db } = platform;
    const phase = await db.phase.findFirstOrThrow({
      where: { challenge: { slug: "top-tagging" } },
      select: { id: true },
    });
    const before = await db.submission.findMany({
      where: { phaseId: phase.id, status: "SCORED" },
      select: { id: true, scores: true },
    });
    const finished = await db.submission.count({
      where: { phaseId: phase.id, status: { in: ["SCORED", "INVALID", "FAILED"] } },
    });
    const organizer = await services.callerFor("organizer@unblind.dev");
    assert.deepEqual(await rescorePhase(platform, organizer, { phaseId: phase.id }), { requeued: finished });
    assert.equal(
      await db.submission.count({ where: { phaseId: phase.id, status: { in: ["SCORED", "INVALID", "FAILED"] } } }),
      0,
    );
    assert.equal(
      await db.auditEvent.count({
        where: { action: "phase.rescored", subjectId: phase.id, actorId: organizer.userId },
      }),
      1,
    );
    for (const { id, scores } of before) {
      assert.equal(await scoreSubmission(services.scorer, id), "SCORED");
      assert.deepEqual(
        (await db.submission.findUniqueOrThrow({ where: { id }, select: { scores: true } })).scores,
        scores,
      );
    }
  });

  it("shows the scoring details to organizers and never to the participant", async () => {
    const { platform } = services;
    const bob = await services.callerFor("bob@unblind.dev");
    const { id } = await createSubmission(platform, bob, {
      challengeSlug: "top-tagging",
      fileName: "details.csv",
      body: streamOf(baselineCsv),
    });
    await scoreSubmission(services.scorer, id);
    assert.equal((await getSubmission(platform, bob, id)).organizerDetails, null);
    const details = (await getSubmission(platform, await services.callerFor("organizer@unblind.dev"), id))
      .organizerDetails;
    assert.equal(details?.attempts, 1);
    assert.match(details?.truthSha256 ?? "", /^[0-9a-f]{64}$/);
  });
});

describe("the audit log", () => {
  it("records each submission and its scoring, and refuses to be edited", async () => {
    const { db } = services.platform;
    assert.ok((await db.auditEvent.count({ where: { action: "submission.created" } })) >= 1);
    assert.ok((await db.auditEvent.count({ where: { action: "submission.scored" } })) >= 1);
    await assert.rejects(db.auditEvent.updateMany({ data: { action: "tampered" } }), /append-only/);
    await assert.rejects(db.auditEvent.deleteMany({}), /append-only/);
  });
});
