// A multi-task phase (DarkMachines style) with a gate (Flavours of Physics
// style), end to end on real PostgreSQL and s3rver, scored in the sandbox:
// created from a bundle with one truth file per task, submissions as
// archives with a member per task, the board ranked by the average rank
// across tasks and checked against an independent computation (scikit-learn
// and scipy on the same files), a submission that fails the gate scored but
// unranked with its reason, the export/create round trip, and the bundle's
// refusals for a multi-task phase.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { exportChallengeBundle } from "@unblind/platform/challenges/export-bundle.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { failedGates, gatesSql } from "@unblind/platform/leaderboard/gates.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { multiTaskFixture, SIGNALS } from "../fixtures/multi-task-bundle.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
let services: Services;
before(async () => {
  services = await startServices();
});
after(() => services.stop());

const { truths, truthMap, bundleFiles, submissionFiles, random: u } = multiTaskFixture();

function writeBundle(dir: string, truth?: string, edit: (yaml: string) => string = (y) => y): string {
  for (const [name, content] of Object.entries(bundleFiles("dark-machines", truth))) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), name === "challenge.yaml" ? edit(content) : content);
  }
  return dir;
}

describe("multi-task phases", () => {
  it("ranks by the average rank across tasks, as an independent computation does, and leaves a failed gate unranked", async () => {
    const { platform } = services;
    const dir = writeBundle(mkdtempSync(path.join(services.dataDir, "dm-")));
    const created = await createChallengeFromBundle(platform, OPERATOR, { dir });
    assert.ok(created.created);

    const people = ["ann", "bob", "cat", "dan"];
    for (const name of people) await platform.db.user.create({ data: { email: `${name}@dm.test`, name } });
    const sent: { user: string; id: string; files: Record<string, string> }[] = [];
    for (let k = 0; k < 10; k++) {
      const user = people[k % people.length];
      const caller = await services.callerFor(`${user}@dm.test`);
      // Submission 7 separates data from simulation on the control channel: it fails the agreement test.
      const files = submissionFiles([u(), u(), u()], k === 7 ? 1 : 0);
      const sub = await createSubmission(platform, caller, {
        challengeSlug: "dark-machines",
        fileName: "scores.tar.gz",
        body: streamOf(tarGz(files)),
      });
      assert.equal(await scoreSubmission(services.scorer, sub.id), "SCORED");
      sent.push({ user, id: sub.id, files });
    }

    // The independent computation: scikit-learn's AUC and KS on the same files, scipy's average ranks.
    const expected = JSON.parse(
      execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          `import json, sys, numpy as np
from scipy.stats import rankdata
from sklearn.metrics import roc_auc_score, roc_curve
d = json.load(sys.stdin)
def column(text):
    rows = [l.split(",") for l in text.strip().split("\\n")[1:]]
    return np.array([float(s) for _, s in rows])
subs = []
for s in d["sent"]:
    aucs = [roc_auc_score(d["truths"][t], column(s["files"][t + ".csv"])) for t in d["signals"]]
    fpr, tpr, _ = roc_curve(d["truths"]["control"], column(s["files"]["control.csv"]))
    subs.append({"id": s["id"], "user": s["user"], "aucs": aucs, "ks": float(np.max(np.abs(fpr - tpr)))})
ranked = [s for s in subs if s["ks"] < 0.3]
ranks = np.array([rankdata([-s["aucs"][t] for s in ranked], method="average") for t in range(len(d["signals"]))])
for j, s in enumerate(ranked): s["averageRank"] = float(ranks[:, j].mean())
best = {}
for order, s in enumerate(ranked):
    if s["user"] not in best or s["averageRank"] < best[s["user"]]["averageRank"]: best[s["user"]] = s
board = sorted(best.values(), key=lambda s: (s["averageRank"], [x["id"] for x in ranked].index(s["id"])))
print(json.dumps({"board": [[s["user"], s["id"], s["averageRank"]] for s in board],
                  "failed": [s["id"] for s in subs if s["ks"] >= 0.3]}))`,
        ],
        { input: JSON.stringify({ sent, truths, signals: SIGNALS }), encoding: "utf8" },
      ),
    ) as { board: [string, string, number][]; failed: string[] };
    assert.deepEqual(expected.failed, [sent[7].id]);

    const ann = await services.callerFor("ann@dm.test");
    const board = await getLeaderboard(platform, ann, "dark-machines", { limit: null });
    assert.deepEqual(
      board.rows.map((row) => [row.participant, row.submissionId]),
      expected.board.map(([user, id]) => [user, id]),
    );
    board.rows.forEach((row, i) => {
      assert.ok(Math.abs((row.scores.averageRank as number) - expected.board[i][2]) < 1e-12);
    });
    assert.equal(board.unranked.failedGate, 1);
    assert.deepEqual(
      board.gates.map((g) => [g.metric, g.op, g.value]),
      [["control.ks", "<", 0.3]],
    );

    // The failed submission stays scored, with the reason on its page.
    const failed = sent[7];
    const page = await getSubmission(platform, await services.callerFor(`${failed.user}@dm.test`), failed.id);
    assert.equal(page.status, "SCORED");
    assert.match(
      page.failedGates.join(),
      /^agreement test on the control channel: control\.ks = [\d.]+, must be < 0\.3$/,
    );
    assert.deepEqual((await getSubmission(platform, ann, sent[0].id)).failedGates, []);

    // A submission missing a task's member is refused with the task's file named, and costs no try.
    const { "sig_b.csv": _missing, ...partial } = submissionFiles([0.5, 0.5, 0.5], 0);
    const incomplete = await createSubmission(platform, ann, {
      challengeSlug: "dark-machines",
      fileName: "partial.tar.gz",
      body: streamOf(tarGz(partial)),
    });
    assert.equal(await scoreSubmission(services.scorer, incomplete.id), "INVALID");
    const row = await platform.db.submission.findUniqueOrThrow({
      where: { id: incomplete.id },
      select: { errorMessage: true, countsAgainstLimit: true },
    });
    assert.match(row.errorMessage ?? "", /partial\.tar\.gz: the archive has no sig_b\.csv for the task "Signal B"/);
    assert.equal(row.countsAgainstLimit, false);

    // Export, then create: the same tasks, truths and gate.
    const out = path.join(mkdtempSync(path.join(services.dataDir, "dm-export-")), "bundle");
    await exportChallengeBundle(platform, OPERATOR, { slug: "dark-machines", out });
    const yaml = readFileSync(path.join(out, "challenge.yaml"), "utf8");
    assert.match(
      yaml,
      /gates:\n\s+- metric: control\.ks\n\s+label: agreement test on the control channel\n\s+lessThan: 0\.3/,
    );
    const copy = await createChallengeFromBundle(platform, OPERATOR, { dir: out, slug: "dark-machines-copy" });
    assert.ok(copy.created);
    const phases = await platform.db.phase.findMany({
      where: { challenge: { slug: { in: ["dark-machines", "dark-machines-copy"] } } },
      select: { taskTruths: true, challenge: { select: { gates: true } } },
    });
    assert.deepEqual(phases[0], phases[1]);
  });

  it("judges gates in SQL (the ranking) exactly as on the page (the reason), for every kind of value", async () => {
    const ops = ["<", "<=", ">", ">="] as const;
    const values = [0.09, 0.0899, 0.1, -1, null, "text", undefined, "unbounded"] as const;
    for (let trial = 0; trial < 40; trial++) {
      const gates = Array.from({ length: 1 + (trial % 3) }, (_, g) => ({
        metric: `t${g}.k's`,
        op: ops[Math.floor(u() * 4)],
        value: [0.09, 0.1, -1][Math.floor(u() * 3)],
        label: "test",
      }));
      const scores: Record<string, unknown> = {};
      const unbounded: string[] = [];
      for (const g of gates) {
        const v = values[Math.floor(u() * values.length)];
        if (v === "unbounded") unbounded.push(g.metric);
        else if (v !== undefined) scores[g.metric] = v;
      }
      if (unbounded.length) scores.unbounded = unbounded;
      const [{ passes }] = await services.platform.db.$queryRawUnsafe<{ passes: boolean }[]>(
        `SELECT ${gatesSql("x.scores", gates)} AS passes FROM (SELECT $1::jsonb AS scores) x`,
        JSON.stringify(scores),
      );
      assert.equal(passes, failedGates(gates, scores).length === 0, JSON.stringify({ gates, scores }));
    }
  });

  it("refuses a multi-task phase without a truth file per task, located", async () => {
    const { platform } = services;
    const attempt = (truth?: string, edit?: (yaml: string) => string) =>
      createChallengeFromBundle(platform, OPERATOR, {
        dir: writeBundle(mkdtempSync(path.join(services.dataDir, "dm-bad-")), truth, edit),
        slug: "dm-bad",
      });
    await assert.rejects(
      attempt("sig_a_truth.csv"),
      refused(
        "BAD_REQUEST",
        /challenge\.yaml:\d+:\d+: a multi-task phase names a truth file per task \(sig_a, sig_b, sig_c, control\)/,
      ),
    );
    await assert.rejects(
      attempt("{ sig_a: sig_a_truth.csv, sig_b: sig_b_truth.csv, sig_c: sig_c_truth.csv, sig_d: control_truth.csv }"),
      refused("BAD_REQUEST", /no truth file for the task "control"\n.*no task "sig_d"/),
    );
    await assert.rejects(
      attempt(truthMap, (y) => y.replace("direction: lower }", "direction: higher }")),
      refused("BAD_REQUEST", /averageRank is better when lower/),
    );
    await assert.rejects(
      attempt(truthMap, (y) => y.replace("metric: control.ks,", "metric: control.kss,")),
      refused("BAD_REQUEST", /"control\.kss" is not one of scoring\.metrics/),
    );
    await assert.rejects(
      attempt(truthMap, (y) => y.replace("ks: true", "ks: yes-please")),
      refused("BAD_REQUEST", /challenge\.yaml:\d+:\d+: tasks\.3\.config\.ks: /),
    );
    assert.equal(await platform.db.challenge.count({ where: { slug: "dm-bad" } }), 0);
  });
});
