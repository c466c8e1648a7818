// The scaling path as far as one machine goes: three scorer worker processes
// (as N replicas would run) against one PostgreSQL and one S3 score a burst
// of 300 submissions, each exactly once, with the work spread over all three.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { startServices, streamOf, topTaggingBaselineCsv, type Services } from "./services.ts";
import { startWorkerProcess, waitFor, type WorkerProcess } from "./worker-process.ts";

const BURST = 300;
let services: Services;
let baselineCsv: string;
const workers: WorkerProcess[] = [];

before(async () => {
  services = await startServices();
  const { db } = services.platform;
  baselineCsv = await topTaggingBaselineCsv(services.platform, services.dataDir);
  // A deadline burst: lift the daily limit for this test.
  await db.phase.updateMany({ where: { challenge: { slug: "top-tagging" } }, data: { maxPerDay: 10 * BURST } });
});

after(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await services.stop();
});

describe("several scorer workers", () => {
  it(`score a burst of ${BURST} submissions, each exactly once, spread over all of them`, async () => {
    const { db } = services.platform;
    const callers = await Promise.all(["alice@unblind.dev", "bob@unblind.dev"].map((e) => services.callerFor(e)));
    const ids: string[] = [];
    for (let i = 0; i < BURST; i++)
      ids.push(
        (
          await createSubmission(services.platform, callers[i % 2], {
            challengeSlug: "top-tagging",
            fileName: `burst-${i}.csv`,
            body: streamOf(baselineCsv),
          })
        ).id,
      );
    for (let k = 0; k < 3; k++) workers.push(await startWorkerProcess(services.workerEnv, { SCORER_CONCURRENCY: "1" }));
    await waitFor(
      async () => (await db.submission.count({ where: { id: { in: ids }, status: "SCORED" } })) === BURST,
      600_000,
      500,
    );

    // Exactly once: one result per submission in the audit trail, and one "SCORED" line in all the workers' logs together.
    const events = await db.auditEvent.groupBy({
      by: ["subjectId"],
      where: { subjectId: { in: ids }, action: "submission.scored" },
      _count: true,
    });
    assert.equal(events.length, BURST);
    assert.ok(
      events.every((e) => e._count === 1),
      "a submission was scored twice",
    );
    const scoredLines = () =>
      workers.map((w) =>
        [...w.output().matchAll(/\[scorer\] (\S+) SCORED in/g)].map((m) => m[1]).filter((id) => ids.includes(id)),
      );
    // A worker logs its result after the board refresh that follows the stored result: wait for the last lines.
    await waitFor(async () => scoredLines().flat().length >= BURST, 60_000, 200).catch(() => {});
    const scoredBy = scoredLines();
    const all = scoredBy.flat();
    assert.equal(all.length, BURST);
    assert.equal(new Set(all).size, BURST);
    // Spread: every worker took a real share of the burst.
    for (const [k, share] of scoredBy.entries())
      assert.ok(share.length >= BURST / 10, `worker ${k} scored only ${share.length} of ${BURST}`);
    // Every score is the same number: the same file against the same truth.
    const aucs = await db.$queryRaw<
      { auc: number }[]
    >`SELECT DISTINCT (scores->>'auc')::float8 AS auc FROM "Submission" WHERE id = ANY(${ids})`;
    assert.equal(aucs.length, 1);
    console.log(`# shares per worker: ${scoredBy.map((s) => s.length).join(", ")}`);
  });
});
