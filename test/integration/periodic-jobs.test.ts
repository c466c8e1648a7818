// The periodic maintenance jobs on a real pg-boss: each is its own queue, so
// one that keeps failing never keeps another from running, and two workers
// offering runs never run one job twice at once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { periodicJob, type PeriodicJob } from "@unblind/platform/jobs/job-definition.ts";
import { startPeriodicJobs } from "@unblind/platform/jobs/start-periodic-jobs.ts";
import { startServices, type Services } from "./services.ts";
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
});
