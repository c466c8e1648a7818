// Hosting a labelled release blind, end to end on real PostgreSQL, s3rver and
// a scorer worker process: the organizer uploads a file laid out as the public
// top-tagging test.h5 (806 columns, labels included) at level truth, derives,
// and a participant downloads a test file with no label left, whose
// submission is scored against the derived key.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { getBlindDerivation, requestBlindDerivation } from "@unblind/platform/datasets/blind-derivation.ts";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { describePandasFrame } from "@unblind/scoring/parse/pandas-hdf5.ts";
import {
  TOP_TAGGING_ANSWER_COLUMNS,
  writeOfficialTopTagging,
} from "../../scoring/test/fixtures/official-top-tagging.ts";
import { uploadFile } from "../../scripts/upload-dataset-file.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";
import { startWorkerProcess, waitFor, type WorkerProcess } from "./worker-process.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
const ANSWERS = TOP_TAGGING_ANSWER_COLUMNS;
const N = 3000;

let services: Services;
let worker: WorkerProcess;
let labelled: string;
let labels: number[];

before(async () => {
  services = await startServices();
  worker = await startWorkerProcess(services.workerEnv);
  labelled = path.join(services.dataDir, "test_labelled.h5");
  // The public test.h5's layout, written by Debian's pandas: what an organizer holds.
  labels = writeOfficialTopTagging(labelled, { rows: N, format: "table", seed: 11 });
  await uploadFile(services.platform, {
    slug: "top-tagging",
    dataset: "Answer key",
    path: labelled,
    name: "test_labelled.h5",
    level: "truth",
  });
});

after(async () => {
  worker?.child.kill("SIGKILL");
  await services.stop();
});

const derive = (answerColumns: string[], participantName: string, keyName: string, truthOf: string[] = []) =>
  requestBlindDerivation(services.platform, OPERATOR, {
    challengeSlug: "top-tagging",
    source: { dataset: "Answer key", name: "test_labelled.h5" },
    frameKey: "table",
    answerColumns,
    participant: { dataset: "Jets", name: participantName },
    answerKey: { dataset: "Answer key", name: keyName },
    truthOf,
  });

async function finished(id: string) {
  let d = await getBlindDerivation(services.platform, OPERATOR, id);
  await waitFor(
    async () => {
      d = await getBlindDerivation(services.platform, OPERATOR, id);
      return d.status === "DONE" || d.status === "FAILED";
    },
    120_000,
    200,
  );
  return d;
}

describe("blind hosting of a labelled release", () => {
  it("derives the participant file without a label and the sealed key, audits both checksums, and scores against the key", async () => {
    const { platform } = services;
    const d = await finished((await derive(ANSWERS, "test.h5", "test_key.h5", ["Main"])).id);
    assert.equal(d.status, "DONE", `${d.error}\n${worker.output().slice(-2000)}`);

    // The participant's download: the official layout minus exactly the answer columns.
    const alice = await services.callerFor("alice@unblind.dev");
    const { url } = await getDownloadUrl(platform, alice, d.participantFileId!);
    const local = path.join(services.dataDir, "downloaded-test.h5");
    writeFileSync(local, Buffer.from(await (await fetch(url)).arrayBuffer()));
    const layout = await describePandasFrame(local, "table", "test.h5");
    assert.equal(layout.nRows, N);
    assert.equal(layout.columns.length, 801);
    assert.deepEqual(
      ANSWERS.filter((a) => layout.columns.some((c) => c.name === a)),
      [],
      "no answer column reaches the participants",
    );
    // Neither the labelled original nor the key can be downloaded by a participant.
    const files = await platform.db.datasetFile.findMany({
      where: { name: { in: ["test_labelled.h5", "test_key.h5"] }, supersededAt: null },
      select: { id: true, access: true },
    });
    for (const f of files) await assert.rejects(getDownloadUrl(platform, alice, f.id), refused("NOT_FOUND"));

    // The audit log holds both checksums, equal to the published versions'.
    const event = await platform.db.auditEvent.findFirstOrThrow({
      where: { action: "dataset.blind_derived", subjectId: d.id },
    });
    const data = event.data as { participant: { sha256: string }; answerKey: { sha256: string }; removed: string[] };
    const participantFile = await platform.db.datasetFile.findUniqueOrThrow({ where: { id: d.participantFileId! } });
    const keyFile = await platform.db.datasetFile.findUniqueOrThrow({ where: { id: d.keyFileId! } });
    assert.equal(data.participant.sha256, participantFile.sha256);
    assert.equal(data.answerKey.sha256, keyFile.sha256);
    assert.deepEqual(data.removed, ANSWERS);
    assert.equal(participantFile.access, "PARTICIPANTS");
    assert.equal(keyFile.access, "TRUTH");
    const main = await platform.db.phase.findFirstOrThrow({
      where: { name: "Main", challenge: { slug: "top-tagging" } },
      select: { truthFileId: true },
    });
    assert.equal(main.truthFileId, keyFile.id, "the key is the truth of Main");

    // A submission that knows the labels scores AUC 1 against the derived key.
    const bob = await services.callerFor("bob@unblind.dev");
    const csv = `id,score\n${labels.map((y, i) => `${i},${y}`).join("\n")}\n`;
    const { id } = await createSubmission(platform, bob, {
      challengeSlug: "top-tagging",
      fileName: "perfect.csv",
      body: streamOf(csv),
    });
    await waitFor(
      async () => (await platform.db.submission.findUniqueOrThrow({ where: { id } })).status === "SCORED",
      60_000,
      200,
    );
    const scored = await platform.db.submission.findUniqueOrThrow({ where: { id }, select: { scores: true } });
    assert.equal((scored.scores as { auc: number }).auc, 1);
  });

  it("refuses to leave a label in the participant file, naming it, and publishes nothing", async () => {
    const { platform } = services;
    const before = await platform.db.datasetFile.count();
    const d = await finished((await derive(["is_signal_new"], "leaky.h5", "leaky_key.h5")).id);
    assert.equal(d.status, "FAILED");
    assert.match(d.error!, /truthE, truthPX, truthPY, truthPZ would be left in the participant file/);
    assert.equal(await platform.db.datasetFile.count(), before, "nothing published");
    assert.ok(
      await platform.db.auditEvent.findFirst({ where: { action: "dataset.derivation_failed", subjectId: d.id } }),
    );
  });

  it("refuses a key its phase's scorer cannot read (a mis-coded label), publishing nothing and keeping the phase's truth", async () => {
    const { platform } = services;
    const bad = path.join(services.dataDir, "test_badlabel.h5");
    writeOfficialTopTagging(bad, { rows: 200, format: "table", seed: 12, badLabelRow: 17 });
    await uploadFile(platform, {
      slug: "top-tagging",
      dataset: "Answer key",
      path: bad,
      name: "test_badlabel.h5",
      level: "truth",
    });
    const truthBefore = await platform.db.phase.findFirstOrThrow({
      where: { challenge: { slug: "top-tagging" }, name: "Main" },
      select: { truthFileId: true },
    });
    const filesBefore = await platform.db.datasetFile.count();
    const request = await requestBlindDerivation(platform, OPERATOR, {
      challengeSlug: "top-tagging",
      source: { dataset: "Answer key", name: "test_badlabel.h5" },
      frameKey: "table",
      answerColumns: ANSWERS,
      participant: { dataset: "Jets", name: "bad.h5" },
      answerKey: { dataset: "Answer key", name: "bad_key.h5" },
      truthOf: ["Main"],
    });
    const d = await finished(request.id);
    assert.equal(d.status, "FAILED");
    assert.match(
      d.error!,
      /^the answer key derived from test_badlabel\.h5 is not a truth the top-tagging scorer reads \(table, column is_signal_new, row 17: expected 0 or 1, found 2\); nothing was published$/,
    );
    assert.equal(await platform.db.datasetFile.count(), filesBefore, "nothing published");
    assert.deepEqual(
      await platform.db.phase.findFirstOrThrow({
        where: { challenge: { slug: "top-tagging" }, name: "Main" },
        select: { truthFileId: true },
      }),
      truthBefore,
    );
  });

  it("refuses a source participants can already download, and a non-organizer's request", async () => {
    await assert.rejects(
      requestBlindDerivation(services.platform, OPERATOR, {
        challengeSlug: "top-tagging",
        source: { dataset: "Jets", name: "train.h5" },
        frameKey: "table",
        answerColumns: ["is_signal_new"],
        participant: { dataset: "Jets", name: "x.h5" },
        answerKey: { dataset: "Answer key", name: "y.h5" },
      }),
      refused("CONFLICT", /participants can already download its labels/),
    );
    const alice = await services.callerFor("alice@unblind.dev");
    await assert.rejects(
      requestBlindDerivation(services.platform, alice, {
        challengeSlug: "top-tagging",
        source: { dataset: "Answer key", name: "test_labelled.h5" },
        frameKey: "table",
        answerColumns: ANSWERS,
        participant: { dataset: "Jets", name: "x.h5" },
        answerKey: { dataset: "Answer key", name: "y.h5" },
      }),
      refused("FORBIDDEN"),
    );
  });
});
