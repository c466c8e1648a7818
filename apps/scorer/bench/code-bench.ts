// `npm run bench` (code phases): what a code submission costs beyond the
// participant's own run time, and how repeatable the measured time per event
// is, on the TrackML throughput phase of the demo (the Python baseline on the
// demo's hidden events, then on events of full-size events' share of hits),
// against embedded PostgreSQL and S3, in the real sandbox.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { publishFileVersion } from "@unblind/platform/datasets/publish-file-version.ts";
import { liveFile } from "@unblind/platform/datasets/live-file.ts";
import {
  baselineModel,
  THROUGHPUT_INPUTS,
  THROUGHPUT_TRUTH,
  writeTrackmlDataset,
} from "@unblind/challenges/trackml/write-dataset.ts";
import { startServices, streamOf } from "../../../test/integration/services.ts";
import { scoreSubmission } from "../src/score-submission.ts";

/** Hidden throughput events of the full-size run, each 22,000 hits. */
const EVENTS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (name: string, value: string, goal: string) =>
  console.log(`${name.padEnd(72)} ${value.padStart(12)}   (goal ${goal})`);

console.log(`\ncode phases: node ${process.version}, ${cpus().length} cores, runs pinned to one core\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const services = await startServices();
try {
  const { db } = services.platform;
  await db.phase.updateMany({ data: { maxPerDay: 10_000 } });
  const bob = await services.callerFor("bob@unblind.dev");
  const model = baselineModel();
  /** Five identical submissions of the baseline after one that warms the page cache. */
  const runFive = async () => {
    const overheads: number[] = [];
    const perEvent: number[] = [];
    const cpuPerEvent: number[] = [];
    let events = 0;
    for (let i = 0; i < 6; i++) {
      const s = await createSubmission(services.platform, bob, {
        challengeSlug: "trackml",
        phase: "Throughput",
        fileName: "model.py",
        body: streamOf(model),
      });
      const t0 = performance.now();
      const outcome = await scoreSubmission(services.scorer, s.id);
      const total = (performance.now() - t0) / 1000;
      if (outcome !== "SCORED") throw new Error(`the baseline was not scored: ${outcome}`);
      const row = await db.submission.findUniqueOrThrow({ where: { id: s.id }, select: { run: true, scores: true } });
      const run = row.run as { sample: { wallSeconds: number }; hidden: { wallSeconds: number; units: number } };
      events = run.hidden.units;
      if (i === 0) continue;
      overheads.push(total - run.sample.wallSeconds - run.hidden.wallSeconds);
      const scores = row.scores as { wallSecondsPerUnit: number; cpuSecondsPerUnit: number };
      perEvent.push(scores.wallSecondsPerUnit);
      cpuPerEvent.push(scores.cpuSecondsPerUnit);
    }
    return { overhead: median(overheads), perEvent, cpuPerEvent, events };
  };

  const demo = await runFive();
  line(
    `code submission: job time beyond the program's own runs (demo, ${demo.events} events of 2,000 hits)`,
    `${(demo.overhead * 1000).toFixed(0)} ms`,
    "≤ 300 ms",
  );
  line("  (downloads, two ingestion sandboxes, scoring the predictions, storing the result; median of 5)", "", "-");

  // Events the size of the demo's throughput share (a fifth) of an official event (110,000 hits), published as
  // new versions of the hidden inputs and their truth: runs of seconds, whose measured time per event is the figure.
  const generated = await writeTrackmlDataset(mkdtempSync(path.join(services.dataDir, "throughput-")), {
    seed: "code-bench",
    trainEvents: 0,
    testEvents: 1,
    hitsPerEvent: 110_000,
    throughputEvents: EVENTS,
  });
  const challenge = await db.challenge.findUniqueOrThrow({ where: { slug: "trackml" }, select: { id: true } });
  for (const name of [THROUGHPUT_INPUTS, THROUGHPUT_TRUTH]) {
    const file = generated.find((g) => g.name === name)!.path;
    const key = `bench/${name}`;
    await services.platform.storage.putStream(key, createReadStream(file));
    const live = await db.datasetFile.findFirstOrThrow({ where: { name, ...liveFile }, select: { datasetId: true } });
    await db.$transaction((tx) =>
      publishFileVersion(tx, {
        datasetId: live.datasetId,
        challengeId: challenge.id,
        name,
        key,
        size: statSync(file).size,
        sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
        actorId: null,
      }),
    );
  }
  const full = await runFive();
  const { perEvent, events } = full;
  line(
    `  the same with ${events} events of 22,000 hits (110,000 predictions to score and store)`,
    `${(full.overhead * 1000).toFixed(0)} ms`,
    "-",
  );
  const spread = (Math.max(...perEvent) - Math.min(...perEvent)) / median(perEvent);
  line(
    `measured time per event, 5 identical runs (${events} events of 22,000 hits): (max − min) / median`,
    `${(spread * 100).toFixed(1)} %`,
    "≤ 5 %",
  );
  const cpu = full.cpuPerEvent;
  line(
    "  the same for the CPU time per event",
    `${(((Math.max(...cpu) - Math.min(...cpu)) / median(cpu)) * 100).toFixed(1)} %`,
    "-",
  );
  const sorted = [...perEvent].sort((a, b) => a - b);
  line(
    "  seconds per event: min / median / max",
    [sorted[0], median(sorted), sorted.at(-1)!].map((t) => t.toFixed(3)).join(" / "),
    "-",
  );
  // The machine's own noise: the same harness and program on the same inputs, run directly (no platform,
  // no sandbox) on the same core, timed by the same launcher. A spread here is the machine's, not the platform's.
  const inputs = path.join(services.dataDir, "inputs.zip");
  const file = await db.datasetFile.findFirstOrThrow({
    where: { name: THROUGHPUT_INPUTS, ...liveFile },
    select: { key: true },
  });
  await services.platform.storage.downloadToFile(file.key, inputs);
  const modelFile = path.join(services.dataDir, "model.py");
  writeFileSync(modelFile, model);
  const direct: number[] = [];
  for (let i = 0; i < 6; i++) {
    const scratch = mkdtempSync(path.join(tmpdir(), "unblind-direct-"));
    const t0 = performance.now();
    const r = spawnSync(
      "taskset",
      ["-c", String(cpus().length - 1), "/usr/bin/python3", "-I", "scoring/ingestion/unblind_ingest.py"].concat([
        "--interface",
        "trackml-events",
        "--submission",
        modelFile,
        "--inputs",
        inputs,
      ]),
      { cwd: process.cwd(), env: { PATH: "/usr/bin:/bin", TMPDIR: scratch }, maxBuffer: 1 << 30 },
    );
    if (r.status !== 0) throw new Error(`the direct run failed: ${r.stderr}`);
    if (i > 0) direct.push((performance.now() - t0) / 1000 / events);
    rmSync(scratch, { recursive: true, force: true });
  }
  const directSpread = (Math.max(...direct) - Math.min(...direct)) / median(direct);
  line(
    "  the same program run directly, 5 times: (max − min) / median (this machine's noise)",
    `${(directSpread * 100).toFixed(1)} %`,
    "-",
  );
} finally {
  await services.stop();
}
