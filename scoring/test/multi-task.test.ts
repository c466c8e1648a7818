// A multi-task phase scored by the CLI: each task by its own scorer against
// its own truth file, from one shared file or an archive with a member per
// task; the mean across tasks; a split applied to every task; and the
// refusals, naming the task.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { parseBinaryConfig } from "../src/challenges/binary-config.ts";
import { scoreBinary } from "../src/challenges/binary-classification.ts";
import { multiTaskMetricKeys, parseMultiTaskConfig } from "../src/challenges/multi-task-config.ts";
import { runScorer } from "../src/run-scorer.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-multitask-"));
const truthDir = path.join(dir, "truth");
mkdirSync(truthDir);
const config = {
  tasks: [
    { key: "ttbar", title: "tt̄", scorer: "binary-classification", config: { rejectionAt: [0.5] } },
    { key: "zprime", title: "Z′", scorer: "binary-classification", config: { rejectionAt: [0.5] } },
  ],
  aggregate: { metric: "auc" },
};
// Task truths on different test ids.
writeFileSync(path.join(truthDir, "ttbar"), "id,label\n0,1\n1,0\n2,1\n3,0\n");
writeFileSync(path.join(truthDir, "zprime"), "id,label\n10,1\n11,0\n12,0\n13,1\n14,0\n");
const ttbar = "id,score\n0,0.9\n1,0.2\n2,0.4\n3,0.6\n";
const zprime = "id,score\n10,0.8\n11,0.1\n12,0.3\n13,0.7\n14,0.75\n";

describe("multi-task phases", () => {
  it("names its keys after the tasks, and refuses an aggregate some task cannot give", () => {
    const keysOf = (scorer: string, c: unknown) =>
      scorer === "binary-classification" ? ["auc", "accuracy", "bgRejection50"].slice(0, c ? 3 : 1) : ["rmse"];
    assert.deepEqual(multiTaskMetricKeys(parseMultiTaskConfig(config), keysOf), [
      "ttbar.auc",
      "ttbar.accuracy",
      "ttbar.bgRejection50",
      "zprime.auc",
      "zprime.accuracy",
      "zprime.bgRejection50",
      "mean.auc",
      "averageRank",
    ]);
    assert.throws(
      () =>
        multiTaskMetricKeys(
          parseMultiTaskConfig({ ...config, tasks: [config.tasks[0], { key: "e", title: "E", scorer: "regression" }] }),
          keysOf,
        ),
      /aggregate\.metric: the task e has no metric "auc"/,
    );
    assert.throws(
      () => parseMultiTaskConfig({ ...config, tasks: [config.tasks[0], config.tasks[0]] }),
      /appears twice/,
    );
    assert.throws(
      () => parseMultiTaskConfig({ tasks: [config.tasks[0], { ...config.tasks[1], config: { colour: 1 } }] }),
      /tasks\.1\.config\./,
    );
    assert.throws(
      () => parseMultiTaskConfig({ tasks: [config.tasks[0], { ...config.tasks[1], scorer: "trackml" }] }),
      /scorer/,
    );
  });

  it("scores a zip with one member per task, each as its scorer alone would", async () => {
    const folder = path.join(dir, "sub");
    mkdirSync(folder);
    writeFileSync(path.join(folder, "ttbar.csv"), ttbar);
    writeFileSync(path.join(folder, "zprime.csv"), zprime);
    const zip = path.join(dir, "sub.zip");
    execFileSync("/usr/bin/python3", [
      "-c",
      `import shutil; shutil.make_archive(${JSON.stringify(zip.slice(0, -4))}, "zip", ${JSON.stringify(dir)}, "sub")`,
    ]);
    const got = await runScorer("multi-task", truthDir, zip, config);
    const c = parseBinaryConfig({ rejectionAt: [0.5] });
    const alone = (labels: number[], scores: number[]) =>
      scoreBinary({ labels: Uint8Array.from(labels) }, Float64Array.from(scores), c) as Record<string, number>;
    const a = alone([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6]);
    const b = alone([1, 0, 0, 1, 0], [0.8, 0.1, 0.3, 0.7, 0.75]);
    assert.equal(got["ttbar.auc"], a.auc);
    assert.equal(got["zprime.auc"], b.auc);
    assert.equal(got["zprime.accuracy"], b.accuracy);
    assert.equal(got["mean.auc"], (a.auc + b.auc) / 2);
    // A tar.gz works the same; a member that is no task's file is refused by name.
    const tgz = path.join(dir, "sub.tar.gz");
    execFileSync("tar", ["czf", tgz, "-C", folder, "ttbar.csv", "zprime.csv"]);
    assert.equal((await runScorer("multi-task", truthDir, tgz, config))["mean.auc"], got["mean.auc"]);
    writeFileSync(path.join(folder, "notes.txt"), "hi");
    execFileSync("tar", ["czf", tgz, "-C", folder, "ttbar.csv", "zprime.csv", "notes.txt"]);
    await assert.rejects(runScorer("multi-task", truthDir, tgz, config), /holds notes\.txt, which is no task's file/);
    execFileSync("tar", ["czf", tgz, "-C", folder, "ttbar.csv"]);
    await assert.rejects(runScorer("multi-task", truthDir, tgz, config), /no zprime\.csv for the task "Z′"/);
  });

  it("scores one shared file in every task when the tasks share the test ids, with a split per task", async () => {
    writeFileSync(path.join(truthDir, "zprime"), "id,label\n0,0\n1,1\n2,1\n3,0\n");
    const shared = path.join(dir, "shared.csv");
    writeFileSync(shared, ttbar);
    const got = await runScorer("multi-task", truthDir, shared, config, { replicates: { resamples: 20, seed: 3 } });
    assert.equal(got["ttbar.auc"], 0.75);
    assert.equal(got["zprime.auc"], 0);
    assert.equal(got["mean.auc"], 0.375);
    const replicates = got.replicates as Record<string, string>;
    assert.ok(replicates["ttbar.auc"] && replicates["mean.auc"]);
    // A task's error names the task and the file.
    writeFileSync(shared, "id,score\n0,0.9\n1,0.2\n2,0.4\n");
    await assert.rejects(
      runScorer("multi-task", truthDir, shared, config),
      /task ttbar: 1 test jet\(s\) have no score/,
    );
  });

  it("runs from the command line with --truth a folder", () => {
    writeFileSync(path.join(dir, "cli.csv"), ttbar);
    const out = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.resolve(import.meta.dirname, "../src/cli.ts"),
        "--challenge",
        "multi-task",
        "--truth",
        truthDir,
        "--submission",
        path.join(dir, "cli.csv"),
        "--config",
        JSON.stringify(config),
        "--split-key",
        "k",
        "--public-fraction",
        "0.5",
      ],
      { encoding: "utf8" },
    );
    assert.equal(out.status, 0, out.stderr);
    const json = JSON.parse(out.stdout);
    assert.ok("ttbar.auc" in json && "mean.auc" in json);
    assert.ok("ttbar.auc" in json.private && "mean.auc" in json.private);
  });
});
