// The periodic maintenance jobs on a real pg-boss: each is its own queue, so
// one that keeps failing never keeps another from running, and two workers
// offering runs never run one job twice at once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodicJob, type PeriodicJob } from "@unblind/platform/jobs/job-definition.ts";
import { startPeriodicJobs } from "@unblind/platform/jobs/start-periodic-jobs.ts";
import { scoreSubmissionJob } from "@unblind/platform/jobs/definitions/score-submission.ts";
import { sweepStranded } from "@unblind/platform/jobs/definitions/sweep-stranded-submissions.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { startServices, streamOf, type Services } from "./services.ts";
import { waitFor } from "./worker-process.ts";

let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const job = (name: string, run: PeriodicJob["run"]) => periodicJob({ name, everySeconds: () => 1, run });

describe("periodic jobs", () => {
  it("run independently: one failing every time does not stop the other, and none runs twice at once", async () => {
    let healthy = 0;
    let failing = 0;
    let running = 0;
    let mostAtOnce = 0;
    const jobs = [
      job("test-always-fails", async () => {
        failing++;
        throw new Error("broken on purpose");
      }),
      job("test-healthy", async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((r) => setTimeout(r, 300));
        running--;
        healthy++;
        return null;
      }),
    ];
    const logs: string[] = [];
    // Two workers offering the same jobs, as two scorer processes would.
    const stops = await Promise.all(
      [1, 2].map(() => startPeriodicJobs(services.platform, 1, (l) => logs.push(l), jobs)),
    );
    try {
      await waitFor(async () => healthy >= 3 && failing >= 3, 30_000, 100);
    } finally {
      for (const stop of stops) await stop();
    }
    assert.equal(mostAtOnce, 1, "one run at a time across workers");
    assert.ok(logs.some((l) => /test-always-fails failed: broken on purpose/.test(l)));
  });

  it("the sweeper re-sends a queued submission whose job was lost, asking pg-boss about the job, and leaves one whose job waits", async () => {
    const { platform } = services;
    const boss = await platform.queue();
    const caller = await services.callerFor("bob@unblind.dev");
    const submit = async (fileName: string) =>
      (
        await createSubmission(platform, caller, {
          challengeSlug: "top-tagging",
          fileName,
          body: streamOf("jet_id,score\n"),
        })
      ).id;
    // No scorer runs here: both jobs wait. One of them is then lost (cancelled, as a purge or a crash would).
    const lost = await submit("lost.csv");
    const waiting = await submit("waiting.csv");
    const jobOf = async (id: string) =>
      (await platform.db.submission.findUniqueOrThrow({ where: { id }, select: { scoringJobId: true } })).scoringJobId;
    const lostJob = await jobOf(lost);
    assert.ok(lostJob && (await jobOf(waiting)), "each send notes its job on the submission");
    await boss.cancel(scoreSubmissionJob.name, lostJob);
    // Past the grace period a fresh submission gets before the sweeper looks at it.
    await platform.db.submission.updateMany({
      where: { id: { in: [lost, waiting] } },
      data: { queuedAt: new Date(Date.now() - 60_000) },
    });
    const resent = await sweepStranded(platform.db, boss);
    assert.ok(resent.includes(lost), "the submission whose job was lost is sent again");
    assert.ok(!resent.includes(waiting), "the one whose job still waits is left alone");
    const fresh = await jobOf(lost);
    assert.notEqual(fresh, lostJob);
    assert.equal((await boss.getJobById(scoreSubmissionJob.name, fresh!))?.state, "created");
    assert.deepEqual(await sweepStranded(platform.db, boss), [], "and a second sweep finds nothing to do");
  });
});
