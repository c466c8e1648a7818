// Organizers edit a phase's dates and limits, and the metrics' display, from
// the settings page's use cases: audited with what changed, refused for
// dates out of order, a black box already opened, a phase opening after a
// submission it took, metrics added or dropped, and for anyone who does not
// organize the challenge.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { setMetricDisplay } from "@unblind/platform/challenges/set-metric-display.ts";
import { setPhaseSchedule } from "@unblind/platform/challenges/set-phase-schedule.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { exampleBundleFiles } from "../fixtures/example-bundle.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
let services: Services;
before(async () => {
  services = await startServices();
  const dir = mkdtempSync(path.join(services.dataDir, "edit-"));
  for (const [name, content] of Object.entries(exampleBundleFiles({ slug: "editable" }))) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  await createChallengeFromBundle(services.platform, OPERATOR, { dir });
  await services.platform.db.user.create({ data: { email: "pat@edit.test" } });
});
after(() => services.stop());

const audits = (action: string) =>
  services.platform.db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" }, select: { data: true } });

describe("editing phases and metrics", () => {
  it("changes a phase's dates and limits, audited with what changed", async () => {
    const { platform } = services;
    const closesAt = new Date("2031-06-30T12:00:00Z");
    const result = await setPhaseSchedule(platform, OPERATOR, {
      slug: "editable",
      phase: "main",
      closesAt,
      maxPerDay: 3,
      maxFileBytes: 2 * 1024 * 1024,
    });
    assert.equal(result.after.closesAt, closesAt.toISOString());
    const phase = await platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug: "editable" } },
      select: { closesAt: true, maxPerDay: true, maxFileBytes: true },
    });
    assert.deepEqual(phase, { closesAt, maxPerDay: 3, maxFileBytes: 2n * 1024n * 1024n });
    const [event] = await audits("phase.schedule_changed");
    const data = event.data as { phase: string; before: Record<string, unknown>; after: Record<string, unknown> };
    assert.equal(data.phase, "Main");
    assert.deepEqual(Object.keys(data.after).sort(), ["closesAt", "maxFileBytes", "maxPerDay"]);
    assert.equal(data.before.maxPerDay, 5);

    await assert.rejects(
      setPhaseSchedule(platform, OPERATOR, {
        slug: "editable",
        phase: "Main",
        closesAt: new Date("2001-01-01T00:00:00Z"),
      }),
      refused("BAD_REQUEST", /the deadline must come after that/),
    );
    await assert.rejects(
      setPhaseSchedule(platform, OPERATOR, { slug: "editable", phase: "Final", maxPerDay: 2 }),
      refused("NOT_FOUND", /No phase "Final"; the phases are Main/),
    );
    // A submission taken: the phase cannot open after it.
    const pat = await services.callerFor("pat@edit.test");
    await createSubmission(platform, pat, {
      challengeSlug: "editable",
      fileName: "s.csv",
      body: streamOf("id,score\n0,0.9\n1,0.2\n2,0.8\n3,0.1\n"),
    });
    await assert.rejects(
      setPhaseSchedule(platform, OPERATOR, { slug: "editable", phase: "Main", opensAt: new Date(Date.now() + 60_000) }),
      refused("CONFLICT", /cannot open after that/),
    );
    // A participant sees the public challenge, not its settings.
    await assert.rejects(
      setPhaseSchedule(platform, pat, { slug: "editable", phase: "Main", maxPerDay: 100 }),
      refused("FORBIDDEN", /Only the organizers of this challenge can change its phases/),
    );
    assert.equal((await audits("phase.schedule_changed")).length, 1);
  });

  it("relabels, reformats and reorders the metrics, never adds, drops or turns them", async () => {
    const { platform } = services;
    await setMetricDisplay(platform, OPERATOR, {
      slug: "editable",
      metrics: [
        { key: "accuracy", label: "Accuracy at 0.5", format: "percent" },
        { key: "auc", label: "ROC AUC", format: "fixed4" },
      ],
    });
    const board = await getLeaderboard(platform, null, "editable");
    assert.deepEqual(board.metrics, [
      { key: "accuracy", label: "Accuracy at 0.5", format: "percent", higherIsBetter: true },
      { key: "auc", label: "ROC AUC", format: "fixed4", higherIsBetter: true },
    ]);
    const [event] = await audits("challenge.metrics_changed");
    assert.equal((event.data as { after: { label: string }[] }).after[0].label, "Accuracy at 0.5");
    await assert.rejects(
      setMetricDisplay(platform, OPERATOR, {
        slug: "editable",
        metrics: [{ key: "auc", label: "AUC", format: "fixed4" }],
      }),
      refused("BAD_REQUEST", /not which metrics there are/),
    );
    await assert.rejects(
      setMetricDisplay(platform, await services.callerFor("pat@edit.test"), {
        slug: "editable",
        metrics: [
          { key: "accuracy", label: "x", format: "int" },
          { key: "auc", label: "y", format: "int" },
        ],
      }),
      refused("FORBIDDEN", /Only the organizers of this challenge can change its metrics/),
    );
  });
});
