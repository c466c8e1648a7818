// `npm run bench` (second part): the scoring service. Sandbox start-up
// overhead, throughput of small top-tagging jobs on one worker, and the time
// from upload to a visible score, against embedded PostgreSQL and S3.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { startServices, streamOf } from "../../../test/integration/services.ts";
import { startWorkerProcess, waitFor } from "../../../test/integration/worker-process.ts";
import { loadScorerConfig } from "../src/config.ts";
import { sandboxUid } from "../src/runtime.ts";
import { bwrapArgs } from "../src/sandbox/bwrap-args.ts";
import { DEFAULT_LIMITS } from "../src/sandbox/limits.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timeRuns(n: number, run: () => void): number[] {
  return Array.from({ length: n }, () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  });
}
const line = (name: string, value: string, goal: string) =>
  console.log(`${name.padEnd(60)} ${value.padStart(12)}   (goal ${goal})`);

console.log(`\nscoring service: node ${process.version}, ${cpus().length} cores\n`);

// 1. Sandbox overhead: the same `node -e 0` with and without bubblewrap + prlimit.
const job = mkdtempSync(path.join(tmpdir(), "unblind-bench-job-"));
chmodSync(job, 0o755);
const uid = sandboxUid(loadScorerConfig({}), 0);
const args = bwrapArgs({ readOnly: [], jobDir: job, limits: DEFAULT_LIMITS, command: [process.execPath, "-e", "0"] });
const asUser = uid === undefined ? {} : { uid, gid: uid };
const direct = timeRuns(20, () => spawnSync(process.execPath, ["-e", "0"], { env: { PATH: "/usr/bin:/bin" } }));
const sandboxed = timeRuns(20, () => {
  const r = spawnSync("bwrap", args, { ...asUser, cwd: "/", env: { PATH: "/usr/bin:/bin" } });
  if (r.status !== 0) throw new Error(`bwrap failed: ${r.stderr}`);
});
rmSync(job, { recursive: true, force: true });
line(
  "sandbox start-up overhead per job (median of 20)",
  `${(median(sandboxed) - median(direct)).toFixed(1)} ms`,
  "≤ 150 ms",
);
line("  node -e 0 directly / in the sandbox", `${median(direct).toFixed(0)} / ${median(sandboxed).toFixed(0)} ms`, "-");

// 2–3. A worker process against real services.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const services = await startServices();
try {
  const { db, storage } = services.platform;
  const input = await db.datasetFile.findFirstOrThrow({ where: { name: "test.h5" }, select: { key: true } });
  const h5 = path.join(services.dataDir, "test.h5");
  await storage.downloadToFile(input.key, h5);
  const csv = execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", h5], {
    encoding: "utf8",
  });
  await db.phase.updateMany({ data: { maxPerDay: 10_000 } });
  const worker = await startWorkerProcess(services.workerEnv, { SCORER_CONCURRENCY: "2" });
  const alice = await services.callerFor("alice@unblind.dev");
  const submit = async () =>
    (
      await createSubmission(services.platform, alice, {
        challengeSlug: "top-tagging",
        fileName: "bench.csv",
        body: streamOf(csv),
      })
    ).id;
  const scored = async (id: string) =>
    (await db.submission.findUniqueOrThrow({ where: { id }, select: { status: true } })).status === "SCORED";

  const latencies: number[] = [];
  const waits: number[] = [];
  const stored: number[] = [];
  const scoring: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const wall0 = Date.now();
    const id = await submit();
    await waitFor(() => scored(id), 60_000, 10);
    latencies.push(performance.now() - t0);
    const row = await db.submission.findUniqueOrThrow({
      where: { id },
      select: { queuedAt: true, scoringStartedAt: true, finishedAt: true },
    });
    stored.push(row.queuedAt.getTime() - wall0);
    waits.push(row.scoringStartedAt!.getTime() - row.queuedAt.getTime());
    scoring.push(row.finishedAt!.getTime() - row.scoringStartedAt!.getTime());
    await new Promise((r) => setTimeout(r, 200 + 100 * i)); // land at different points of the polling cycle
  }
  line(
    "queued to scoring started, small submission (median of 5; LISTEN/NOTIFY wakes the worker)",
    `${median(waits).toFixed(0)} ms`,
    "reported",
  );
  line(
    "upload to score visible, small submission (median of 5; a warm scorer sandbox waiting)",
    `${median(latencies).toFixed(0)} ms`,
    "≤ 300 ms",
  );
  line(
    "  stored and queued / waiting / scoring (claim to result written)",
    `${[stored, waits, scoring].map((xs) => median(xs).toFixed(0)).join(" / ")} ms`,
    "-",
  );

  const n = 30;
  const t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await submit());
  for (const id of ids) await waitFor(() => scored(id), 300_000, 20);
  const seconds = (performance.now() - t0) / 1000;
  line(`throughput, ${n} small top-tagging jobs, 1 worker × 2 slots`, `${(n / seconds).toFixed(2)} jobs/s`, "reported");
  console.log(
    worker
      .output()
      .split("\n")
      .filter((l) => l.includes("TRACE") || l.includes("[scorer]"))
      .slice(0, 40)
      .join("\n"),
  );
  worker.child.kill("SIGTERM");
  await worker.exited;
} finally {
  await services.stop();
}
