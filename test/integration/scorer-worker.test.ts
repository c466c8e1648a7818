import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { Prisma } from "@unblind/platform/db/generated/client.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { startServices, streamOf, topTaggingBaselineCsv, type Services } from "./services.ts";
import { startWorkerProcess, waitFor, type WorkerProcess } from "./worker-process.ts";

// The scorer worker as operators run it (a process, bubblewrap, pg-boss),
// against real PostgreSQL and S3, with the faults of real life.
let services: Services;
let baselineCsv: string;
const workers: WorkerProcess[] = [];

before(async () => {
  services = await startServices();
  baselineCsv = await topTaggingBaselineCsv(services.platform, services.dataDir);
});

after(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await services.stop();
});

async function worker(settings: Record<string, string> = {}) {
  const w = await startWorkerProcess(services.workerEnv, settings);
  workers.push(w);
  return w;
}

/** A running worker: the one an earlier test left, or a new one (tests also run alone). */
const anyWorker = async () => workers[0] ?? worker();

async function submit(fileName: string, body: string | Buffer, email = "alice@unblind.dev") {
  const caller = await services.callerFor(email);
  return (
    await createSubmission(services.platform, caller, { challengeSlug: "top-tagging", fileName, body: streamOf(body) })
  ).id;
}

const row = (id: string) =>
  services.platform.db.submission.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      errorMessage: true,
      errorLine: true,
      internalError: true,
      attempts: true,
      leaseOwner: true,
    },
  });
const isFinal = async (id: string) => ["SCORED", "INVALID", "FAILED"].includes((await row(id)).status);
const scoredEvents = (id: string) =>
  services.platform.db.auditEvent.count({ where: { subjectId: id, action: "submission.scored" } });

describe("a scorer worker process", () => {
  it("scores a valid submission, ends each kind of bad file INVALID with a located message within seconds, and reports its health", async () => {
    const w = await worker({ SCORER_HEALTH_PORT: "0" });
    const bad: [string, string | Buffer, RegExp][] = [
      ["bomb.csv.gz", gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x30)), /gzip bomb/],
      ["binary.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3]), /binary/],
      ["header.csv", "jet,prob\n0,0.5\n", /line 1.*header|header.*id,score|expected/i],
      ["nan.csv", "id,score\n0,NaN\n", /line 2/],
      ["dup.csv", "id,score\n0,0.1\n0,0.2\n", /line 3.*appears twice/],
    ];
    const ids: string[] = [];
    for (const [name, body] of bad) ids.push(await submit(name, body, "bob@unblind.dev"));
    // An empty file never gets that far: the upload refuses it, storing nothing.
    await assert.rejects(submit("empty.csv", "", "bob@unblind.dev"), /The file is empty/);
    const good = await submit("baseline.csv", baselineCsv);
    const started = Date.now();
    for (const id of [...ids, good]) await waitFor(() => isFinal(id), 60_000);
    for (const [k, [name, , message]] of bad.entries()) {
      const r = await row(ids[k]);
      assert.equal(r.status, "INVALID", `${name}: ${r.status} ${r.errorMessage} ${r.internalError}`);
      assert.match(r.errorMessage!, new RegExp(`^${name.replace(/\./g, "\\.")}`));
      assert.match(r.errorMessage!, message, name);
    }
    assert.equal((await row(good)).status, "SCORED");
    assert.ok(Date.now() - started < 30_000, `all six took ${Date.now() - started} ms`);

    assert.ok(w.healthUrl, w.output());
    type Health = { status: string; queueDepth: number; outcomes: Record<string, number> };
    const readHealth = async () => (await (await fetch(w.healthUrl!)).json()) as Health;
    // The worker counts a job's outcome once the job ends, after the board refresh that follows the stored
    // result: the submission can read SCORED a moment before that.
    let health = await readHealth();
    await waitFor(async () => {
      health = await readHealth();
      return health.outcomes.INVALID >= 5 && health.outcomes.SCORED >= 1;
    }, 10_000).catch(() => {});
    assert.equal(health.status, "ok");
    assert.equal(typeof health.queueDepth, "number");
    assert.ok(health.outcomes.INVALID >= 5 && health.outcomes.SCORED >= 1, JSON.stringify(health));
    const metrics = await (await fetch(w.healthUrl!.replace("/healthz", "/metrics"))).text();
    assert.match(metrics, /unblind_scorer_jobs_total\{outcome="invalid"\} \d+/);
  });

  it("ends a run over the challenge's time limit FAILED in plain words, and scores the next job", async () => {
    const { db } = services.platform;
    await anyWorker();
    await db.challenge.update({ where: { slug: "top-tagging" }, data: { scoringLimits: { wallSeconds: 0.05 } } });
    let slow: Awaited<ReturnType<typeof submit>> | undefined;
    try {
      slow = await submit("slow.csv", baselineCsv);
      await waitFor(() => isFinal(slow!), 30_000);
    } finally {
      await db.challenge.update({ where: { slug: "top-tagging" }, data: { scoringLimits: Prisma.DbNull } });
    }
    const r = await row(slow);
    assert.equal(r.status, "FAILED");
    assert.match(r.errorMessage!, /took longer than the time limit of 0.05 s/);
    const next = await submit("next.csv", baselineCsv);
    await waitFor(() => isFinal(next), 30_000);
    assert.equal((await row(next)).status, "SCORED");
  });

  it("hands a job to another worker after kill -9, and stores exactly one score", async () => {
    for (const w of workers.splice(0)) w.child.kill("SIGKILL");
    const a = await worker();
    const id = await submit("killed.csv", baselineCsv);
    await waitFor(async () => (await row(id)).leaseOwner?.includes(`:${a.pid}:`) ?? false, 30_000, 2);
    a.child.kill("SIGSTOP"); // frozen mid-job, then killed: it never writes
    a.child.kill("SIGKILL");
    await a.exited;
    workers.splice(workers.indexOf(a), 1);
    assert.equal((await row(id)).status, "SCORING");
    const b = await worker();
    await waitFor(() => isFinal(id), 30_000);
    const r = await row(id);
    assert.equal(r.status, "SCORED");
    assert.equal(r.attempts, 2);
    assert.equal(await scoredEvents(id), 1);
    // Logged once the worker has also refreshed the leaderboard, just after the row is final.
    await waitFor(async () => new RegExp(`${id} SCORED`).test(b.output()), 10_000);
  });

  it("finishes its running job on SIGTERM, then exits", async () => {
    const b = await anyWorker();
    const id = await submit("sigterm.csv", baselineCsv);
    await waitFor(async () => (await row(id)).status === "SCORING", 30_000, 2);
    b.child.kill("SIGTERM");
    assert.equal(await b.exited, 0, b.output());
    assert.equal((await row(id)).status, "SCORED");
    workers.splice(0);
  });

  it("scores a job whose files could not be downloaded once S3 is back", async () => {
    await services.stopS3();
    let id: string | undefined;
    try {
      // Uploads need S3 too: store the submission first, then take S3 away.
      await services.startS3();
      id = await submit("s3-outage.csv", baselineCsv);
      await services.stopS3();
      await worker();
      await waitFor(async () => (await row(id!)).attempts >= 1, 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await row(id)).status, "QUEUED", "handed back for a retry, not failed");
    } finally {
      await services.startS3();
    }
    await waitFor(() => isFinal(id!), 60_000);
    assert.equal((await row(id!)).status, "SCORED");
  });

  it("survives a PostgreSQL restart during scoring and stores exactly one score", async () => {
    await anyWorker();
    const id = await submit("pg-restart.csv", baselineCsv);
    await waitFor(async () => (await row(id)).status === "SCORING", 30_000, 2);
    await services.restartDatabase(3000); // down for longer than a heartbeat
    await waitFor(() => isFinal(id), 90_000, 200).catch(async (e) => {
      throw new Error(
        `${e.message}\n${JSON.stringify(await row(id).catch(() => null))}\n${workers.map((w) => w.output()).join("\n---\n")}`,
      );
    });
    assert.equal((await row(id)).status, "SCORED");
    assert.equal(await scoredEvents(id), 1);
  });

  it("never scores more of a challenge at once than its cap, whatever the workers' slots", async () => {
    for (const w of workers.splice(0)) w.child.kill("SIGKILL");
    const { db } = services.platform;
    await db.challenge.update({ where: { slug: "top-tagging" }, data: { maxConcurrentScoring: 1 } });
    try {
      await worker({ SCORER_CONCURRENCY: "2" });
      await worker({ SCORER_CONCURRENCY: "2" });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await submit(`capped-${i}.csv`, baselineCsv));
      let most = 0;
      await waitFor(
        async () => {
          const scoring = await db.submission.count({ where: { id: { in: ids }, status: "SCORING" } });
          most = Math.max(most, scoring);
          return (await db.submission.count({ where: { id: { in: ids }, status: "SCORED" } })) === ids.length;
        },
        90_000,
        5,
      );
      assert.equal(most, 1);
    } finally {
      await db.challenge.update({ where: { slug: "top-tagging" }, data: { maxConcurrentScoring: null } });
    }
  });
});
