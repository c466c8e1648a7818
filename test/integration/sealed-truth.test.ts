// Sealed means sealed: the routes by which a participant could read or infer
// hidden truth, each tried as a hostile participant would, on real
// PostgreSQL and s3rver. After each refused attempt nothing was stored or
// changed. (The HTTP-level attacks on a running platform are in
// test/e2e/sealed-truth.spec.ts.)
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Readable } from "node:stream";
import { mlpOnnx } from "@unblind/scoring/fpga/build-mlp.ts";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { submitAnswer } from "@unblind/platform/black-boxes/submit-answer.ts";
import { credentialsFile } from "@unblind/platform/embedded/embedded-credentials.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { getLeaderboardPlots } from "@unblind/platform/leaderboard/get-leaderboard-plots.ts";
import { revealPrivateLeaderboard } from "@unblind/platform/leaderboard/reveal-private-leaderboard.ts";
import type { Caller } from "@unblind/platform/platform.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { completeUpload, MAX_PENDING_UPLOADS, startUpload } from "@unblind/platform/submissions/presigned-upload.ts";
import { submissionsLeftToday } from "@unblind/platform/submissions/submission-limits.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { refused, startServices, streamOf, topTaggingBaselineCsv, type Services } from "./services.ts";

let services: Services;
let organizer: NonNullable<Caller>;
before(async () => {
  services = await startServices();
  organizer = await services.callerFor("organizer@unblind.dev");
});
after(() => services.stop());

let users = 0;
/** A participant of their own, so that each test's daily limit starts full. */
async function newParticipant(): Promise<NonNullable<Caller>> {
  const email = `hostile-${++users}@unblind.dev`;
  await services.platform.db.user.create({ data: { email, name: `Hostile ${users}` } });
  return services.callerFor(email);
}

async function phaseOf(slug: string, name?: string) {
  return services.platform.db.phase.findFirstOrThrow({
    where: { challenge: { slug }, ...(name ? { name } : { kind: "STANDARD" }) },
    select: { id: true, name: true, maxPerDay: true, closesAt: true, publicFraction: true, scoreDigits: true },
  });
}

/** s3rver keeps each object as a file: the objects stored under a key prefix. */
function storedObjects(prefix: string): number {
  const root = path.join(services.dataDir, "s3", "unblind-test", prefix);
  try {
    return (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith("._S3rver_object")).length;
  } catch {
    return 0;
  }
}

const text = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v));

let baseline: string | undefined;
/** The top-tagging baseline's CSV for the seeded test set (made once). */
async function baselineCsv(): Promise<string> {
  baseline ??= await topTaggingBaselineCsv(services.platform, services.dataDir);
  return baseline;
}

describe("the embedded servers' credentials", () => {
  it("are random per data directory, kept owner-only, and never s3rver's public default", () => {
    const file = credentialsFile(services.dataDir);
    assert.equal(statSync(file).mode & 0o077, 0, "only the owner may read the credentials");
    const { s3, postgres } = JSON.parse(readFileSync(file, "utf8")) as {
      s3: { accessKeyId: string; secretAccessKey: string };
      postgres: { password: string };
    };
    assert.notEqual(s3.accessKeyId, "S3RVER");
    assert.notEqual(
      s3.secretAccessKey,
      s3.accessKeyId,
      "what a presigned URL shows (the access key) is not the secret",
    );
    assert.ok(s3.secretAccessKey.length >= 40);
    assert.equal(services.workerEnv.S3_SECRET_ACCESS_KEY, s3.secretAccessKey);
    assert.ok(services.workerEnv.DATABASE_URL.includes(`:${postgres.password}@`));
    assert.ok(!services.workerEnv.DATABASE_URL.includes(":unblind@"), "no fixed database password");
  });
});

describe("a submission object changed in storage", () => {
  it("is not scored with the tampered bytes: FAILED with a plain message, free, and audited for the organizers", async () => {
    const { platform } = services;
    const mallory = await newParticipant();
    const csv = await baselineCsv();
    const { id } = await createSubmission(platform, mallory, {
      challengeSlug: "top-tagging",
      fileName: "baseline.csv",
      body: streamOf(csv),
    });
    const { fileKey } = await platform.db.submission.findUniqueOrThrow({ where: { id }, select: { fileKey: true } });
    // What a forged storage write would do: other bytes under the submission's key.
    const forged = csv.replace(/,[^,\n]+\n/g, ",0.5\n");
    await platform.storage.putStream(fileKey, Readable.from([Buffer.from(forged)]));

    assert.equal(await scoreSubmission(services.scorer, id), "FAILED");
    const row = await platform.db.submission.findUniqueOrThrow({
      where: { id },
      select: { scores: true, countsAgainstLimit: true, internalError: true },
    });
    assert.equal(row.scores, null, "nothing was scored");
    assert.equal(row.countsAgainstLimit, false, "not the participant's doing: it costs no try");
    assert.match(row.internalError!, /SHA-256 is [0-9a-f]{64}, not the recorded [0-9a-f]{64}/);
    const seen = await getSubmission(platform, mallory, id);
    assert.match(
      seen.errorMessage!,
      /no longer matches the file you uploaded .* not scored\. The organizers have been alerted/,
    );
    assert.equal(seen.organizerDetails, null);
    const audit = await listAuditEvents(platform, organizer, { challengeSlug: "top-tagging" });
    assert.ok(audit.some((e) => e.action === "submission.integrity_failure" && e.subjectId === id));
  });
});

describe("the daily limit", () => {
  async function withLimit<T>(
    slug: string,
    phaseName: string | undefined,
    maxPerDay: number,
    run: () => Promise<T>,
  ): Promise<T> {
    const phase = await phaseOf(slug, phaseName);
    await services.platform.db.phase.update({ where: { id: phase.id }, data: { maxPerDay } });
    try {
      return await run();
    } finally {
      await services.platform.db.phase.update({ where: { id: phase.id }, data: { maxPerDay: phase.maxPerDay } });
    }
  }

  it("holds for 25 concurrent file uploads with 4 left: exactly 4 stored, no object left behind by the others", async () => {
    const { platform } = services;
    const racer = await newParticipant();
    const csv = await baselineCsv();
    const objectsBefore = storedObjects("submissions/top-tagging");
    const results = await withLimit("top-tagging", undefined, 4, () =>
      Promise.allSettled(
        Array.from({ length: 25 }, (_, i) =>
          createSubmission(platform, racer, {
            challengeSlug: "top-tagging",
            fileName: `burst-${i}.csv`,
            body: streamOf(csv),
          }),
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 4);
    for (const r of results)
      if (r.status === "rejected")
        assert.ok(refused("TOO_MANY_REQUESTS", /Daily limit of 4 submissions/)(r.reason), String(r.reason));
    assert.equal(await platform.db.submission.count({ where: { userId: racer.userId } }), 4);
    assert.equal(storedObjects("submissions/top-tagging"), objectsBefore + 4);
  });

  it("holds for concurrent completions of multipart uploads started while the day was empty (as many as a user may have open)", async () => {
    const { platform } = services;
    const racer = await newParticipant();
    const body = "id,score\n0,0.5\n";
    const results = await withLimit("top-tagging", undefined, 2, async () => {
      const uploads = [];
      for (let i = 0; i < MAX_PENDING_UPLOADS; i++) {
        const started = await startUpload(platform, racer, {
          challengeSlug: "top-tagging",
          fileName: `part-${i}.csv`,
          size: body.length,
        });
        const { id, parts } = started.upload!;
        const put = await fetch(parts[0].url, { method: "PUT", body });
        assert.equal(put.status, 200);
        uploads.push({ id, etag: put.headers.get("etag")! });
      }
      return Promise.allSettled(
        uploads.map((u) => completeUpload(platform, racer, u.id, [{ partNumber: 1, etag: u.etag }])),
      );
    });
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
    assert.equal(await platform.db.submission.count({ where: { userId: racer.userId } }), 2);
  });

  it("holds for 25 concurrent black-box answers with 4 left", async () => {
    const { platform } = services;
    const racer = await newParticipant();
    const answer = {
      pValue: 0.01,
      resonanceMass: { value: 3500, sigma: 100 },
      nSignal: { value: 10, sigma: 5 },
      description: "",
    };
    const results = await withLimit("lhco-2020", "Black box 2", 4, () =>
      Promise.allSettled(
        Array.from({ length: 25 }, () =>
          submitAnswer(platform, racer, { challengeSlug: "lhco-2020", box: "Black box 2", answer }),
        ),
      ),
    );
    // A racing answer may also be refused as a conflict on the one live answer; never more than 4 get through.
    const stored = await platform.db.submission.count({ where: { userId: racer.userId } });
    assert.ok(stored <= 4, `${stored} answers stored`);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, stored);
    assert.ok(results.some((r) => r.status === "rejected" && refused("TOO_MANY_REQUESTS")(r.reason)));
  });
});

describe("the FPGA scorer's outcomes on the hidden test jets", () => {
  it("are no free oracle: a model whose output is not finite on the hidden jets costs a try and its message names no jet or value", async () => {
    const { platform } = services;
    const prober = await newParticipant();
    const phase = await phaseOf("fpga-jet-tagging");
    const submit = async (fileName: string, bytes: Uint8Array) => {
      const { id } = await createSubmission(platform, prober, {
        challengeSlug: "fpga-jet-tagging",
        fileName,
        body: streamOf(Buffer.from(bytes)),
      });
      await scoreSubmission(services.scorer, id);
      return getSubmission(platform, prober, id);
    };
    // Output = NaN exactly when the hidden input's first feature is above a threshold: one threshold test per try.
    const nan = await submit(
      "probe.onnx",
      mlpOnnx([{ name: "fc1", nIn: 16, nOut: 5, weights: new Array(80).fill(0), bias: [NaN, 0, 0, 0, 0] }]),
    );
    assert.equal(nan.status, "INVALID");
    assert.match(nan.errorMessage!, /non-finite output \(NaN or infinity\) on the hidden test jets/);
    assert.doesNotMatch(
      nan.errorMessage!.replace("model.onnx", "").replace("probe.onnx", ""),
      /\d/,
      "no jet index, no value",
    );
    assert.equal(
      await submissionsLeftToday(platform.db, prober.userId, phase),
      phase.maxPerDay - 1,
      "it counts against the day",
    );
    // A refusal of the file alone stays free and located.
    const junk = await submit("junk.onnx", new TextEncoder().encode("not a model"));
    assert.equal(junk.status, "INVALID");
    assert.equal(
      await submissionsLeftToday(platform.db, prober.userId, phase),
      phase.maxPerDay - 1,
      "a file-only refusal is free",
    );
  });
});

describe("what a submission shows during the phase", () => {
  it("top tagging: scalar scores and rounded working points, never the full ROC curve; the board's intervals rounded like its scores", async () => {
    const { platform } = services;
    const probe = await newParticipant();
    const other = await newParticipant();
    const phase = await phaseOf("top-tagging");
    await platform.db.phase.update({ where: { id: phase.id }, data: { scoreDigits: 3 } });
    try {
      const csv = await baselineCsv();
      // A probe whose score levels isolate single jets: every jet its own score.
      const rows = csv.trim().split("\n").slice(1);
      const isolating = `id,score\n${rows.map((r, i) => `${r.split(",")[0]},${i}`).join("\n")}\n`;
      const { id } = await createSubmission(platform, probe, {
        challengeSlug: "top-tagging",
        fileName: "probe.csv",
        body: streamOf(isolating),
      });
      assert.equal(await scoreSubmission(services.scorer, id), "SCORED");
      const second = await createSubmission(platform, other, {
        challengeSlug: "top-tagging",
        fileName: "b.csv",
        body: streamOf(csv),
      });
      assert.equal(await scoreSubmission(services.scorer, second.id), "SCORED");

      const seen = await getSubmission(platform, probe, id);
      assert.equal(seen.detailsReleased, false);
      assert.doesNotMatch(text(seen), /"roc"/);
      const points = (seen.curves as { workingPoints: { signalEfficiency: number; backgroundEfficiency: number }[] })
        .workingPoints;
      assert.deepEqual(
        points.map((p) => p.signalEfficiency),
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
      );
      for (const p of points)
        assert.equal(p.backgroundEfficiency, Number(p.backgroundEfficiency.toFixed(3)), "rounded like the scores");

      const plots = await getLeaderboardPlots(platform, probe, "top-tagging", { top: 50 });
      assert.equal(plots.curveKind, "workingPoints");
      assert.ok(plots.curves.length >= 2 && plots.curves.every((c) => c.points.length === 9));
      assert.doesNotMatch(text(plots), /"roc"/);

      const board = await getLeaderboard(platform, probe, "top-tagging", { limit: null });
      const rounded = (v: number | null) => v === null || v === Number(v.toFixed(3));
      assert.ok(board.rows.some((r) => r.interval !== null));
      for (const r of board.rows) {
        assert.ok(
          rounded(r.interval?.low ?? null) && rounded(r.interval?.high ?? null),
          `interval ${text(r.interval)} printed past the phase's 3 decimals`,
        );
        assert.ok(rounded(r.probabilityAboveBetter));
      }
      // The organizers hold the truth: they see the full curve.
      assert.ok(
        (await getSubmission(platform, organizer, id)).curves &&
          text((await getSubmission(platform, organizer, id)).curves).includes('"roc"'),
      );
    } finally {
      await platform.db.phase.update({ where: { id: phase.id }, data: { scoreDigits: phase.scoreDigits } });
    }
  });

  it("TrackML with a split: no per-event score (which would name the public events) until the private board is revealed", async () => {
    const { platform } = services;
    const tracker = await newParticipant();
    const phase = await phaseOf("trackml");
    await platform.db.phase.update({ where: { id: phase.id }, data: { publicFraction: 0.5 } });
    // Every hit its own track: a valid submission built from the public hits files.
    const files = await platform.db.datasetFile.findMany({
      where: {
        dataset: { challenge: { slug: "trackml" } },
        name: { endsWith: "-hits.csv" },
        access: { not: "TRUTH" },
        supersededAt: null,
      },
      select: { name: true, key: true },
    });
    const lines = ["event_id,hit_id,track_id"];
    for (const f of files.filter((f) => /^event00000000\d-hits\.csv$/.test(f.name))) {
      const event = Number(f.name.slice(5, 14));
      const chunks: Buffer[] = [];
      for await (const c of await platform.storage.getStream(f.key)) chunks.push(c as Buffer);
      for (const row of Buffer.concat(chunks).toString("utf8").trim().split("\n").slice(1)) {
        const hit = row.split(",")[0];
        lines.push(`${event},${hit},${hit}`);
      }
    }
    const { id } = await createSubmission(platform, tracker, {
      challengeSlug: "trackml",
      fileName: "tracks.csv",
      body: streamOf(`${lines.join("\n")}\n`),
    });
    assert.equal(await scoreSubmission(services.scorer, id), "SCORED");
    const during = await getSubmission(platform, tracker, id);
    assert.doesNotMatch(text(during), /"events"/);
    assert.equal(typeof (during.scores as { score: number }).score, "number");
    assert.ok(
      (during.curves as { display?: unknown }).display,
      "the participant's own tracks stay on the event display",
    );

    await platform.db.phase.update({ where: { id: phase.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    await revealPrivateLeaderboard(platform, organizer, { slug: "trackml", phase: phase.name });
    const revealed = await getSubmission(platform, tracker, id);
    const events = [
      ...((revealed.curves as { events: { eventId: number }[] }).events ?? []),
      ...((revealed.privateCurves as { events: { eventId: number }[] }).events ?? []),
    ];
    assert.deepEqual(
      events.map((e) => e.eventId).sort(),
      [0, 1, 2],
      "every test event, public and private, once revealed",
    );
  });
});
