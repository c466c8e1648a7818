import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadScorerConfig } from "../src/config.ts";
import { createJobDir, SUBMISSION_FILE, TRUTH_FILE } from "../src/job-dir.ts";
import { runScorerCli, type ScorerRuntime, scorerArgs } from "../src/run-scorer-cli.ts";
import { sandboxUid } from "../src/runtime.ts";
import { DEFAULT_LIMITS } from "../src/sandbox/limits.ts";
import { buildScorerBundle } from "../src/scorer-bundle.ts";
import { fitsWarm, startWarmScorer, WarmSlot } from "../src/warm-scorer.ts";

// The scorer sandbox started before its job (real bubblewrap, the real
// bundle): it must score exactly as one started for the job, serve one job
// only, and leave nothing running when it is not used.
let runtime: ScorerRuntime;
const phase = { publicFraction: 0.3, splitKey: "warm-test-key", bootstrapResamples: 50 };
const truth = `id,is_signal\n${Array.from({ length: 400 }, (_, i) => `${i},${i % 3 === 0 ? 1 : 0}`).join("\n")}\n`;
const submission = `id,score\n${Array.from({ length: 400 }, (_, i) => `${i},${((i * 7919) % 400) / 400 + (i % 3 === 0 ? 0.3 : 0)}`).join("\n")}\n`;

before(async () => {
  runtime = { bundle: await buildScorerBundle(), mode: "bwrap", uid: sandboxUid(loadScorerConfig({}), 13) };
});
after(() => rmSync(runtime.bundle.dir, { recursive: true, force: true }));

/** The job directories of this test's waiting sandboxes (their bwrap command lines mount them at /job). */
const runningOnAny = () =>
  // bwrap shows twice (its monitor and the namespace's first process): once per directory.
  [
    ...new Set(
      [
        ...spawnSync("pgrep", ["-af", "--", runtime.bundle.cli], { encoding: "utf8" }).stdout.matchAll(
          /--ro-bind (\S+) \/job /g,
        ),
      ].map((m) => m[1]),
    ),
  ];
/** Processes whose command line names this job directory (the sandbox mounts it). */
const runningOn = (dir: string) => spawnSync("pgrep", ["-f", "--", dir], { encoding: "utf8" }).stdout.trim();

describe("a warm scorer sandbox", () => {
  it("scores files written after it started exactly as a sandbox started for them", async () => {
    const warm = startWarmScorer(runtime);
    // Loaded and waiting, while the job's files arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(warm.alive());
    writeFileSync(path.join(warm.job.path, TRUTH_FILE), truth);
    writeFileSync(path.join(warm.job.path, SUBMISSION_FILE), submission);
    warm.job.seal();
    const job = { dir: warm.job.path, challenge: "top-tagging", phase, limits: DEFAULT_LIMITS };
    const hot = await warm.start(scorerArgs(runtime, job), new AbortController().signal);
    assert.equal(hot.exitCode, 0, hot.stderr);

    const cold = createJobDir(runtime.uid);
    writeFileSync(path.join(cold.path, TRUTH_FILE), truth);
    writeFileSync(path.join(cold.path, SUBMISSION_FILE), submission);
    cold.seal();
    const fresh = await runScorerCli(runtime, { ...job, dir: cold.path });
    assert.equal(fresh.exitCode, 0, fresh.stderr);
    assert.deepEqual(JSON.parse(hot.stdout), JSON.parse(fresh.stdout));
    assert.ok(JSON.parse(hot.stdout).private, "the private side was scored too");
    warm.job.remove();
    cold.remove();
  });

  it("is stopped unstarted, leaving no process waiting", async () => {
    const warm = startWarmScorer(runtime);
    assert.notEqual(runningOn(warm.job.path), "", "started on its directory");
    await warm.stop();
    assert.equal(warm.alive(), false);
    assert.equal(runningOn(warm.job.path), "");
    warm.job.remove();
  });

  it("serves one job: a slot gives each job a new sandbox on a new directory, and none after closing", async () => {
    const slot = new WarmSlot(runtime);
    const first = slot.take();
    assert.ok(first);
    assert.equal(slot.take(), undefined, "none until the slot is refilled after the job");
    slot.refill();
    const second = slot.take();
    assert.ok(second);
    assert.notEqual(second.job.path, first.job.path);
    for (const w of [first, second]) {
      await w.stop();
      w.job.remove();
    }
    slot.refill();
    const third = runningOnAny();
    assert.equal(third.length, 1, "the refilled sandbox is waiting");
    await slot.close();
    assert.equal(slot.take(), undefined);
    for (const dir of third) {
      assert.equal(runningOn(dir), "", "closing the slot stops its waiting sandbox");
      assert.equal(existsSync(dir), false, "and removes its directory");
    }
  });

  it("is used only for a job under the limits it was started with", () => {
    assert.ok(fitsWarm(DEFAULT_LIMITS, { ...DEFAULT_LIMITS }));
    assert.equal(fitsWarm(DEFAULT_LIMITS, { ...DEFAULT_LIMITS, memoryMB: 8192 }), false);
    assert.equal(fitsWarm(DEFAULT_LIMITS, { ...DEFAULT_LIMITS, wallSeconds: 30 }), false);
  });
});
