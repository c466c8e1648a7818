// LHC Olympics black boxes on the seeded lhco-2020 challenge: sealed answers
// with receipts, nothing computed or shown before the opening, an audited
// one-way opening by an organizer, pulls against the key, anomaly-score
// files scored after the opening, and post-unblinding answers marked.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { openBox } from "@unblind/platform/black-boxes/open-box.ts";
import { submitAnswer } from "@unblind/platform/black-boxes/submit-answer.ts";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { startDatasetUpload } from "@unblind/platform/datasets/dataset-upload.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import type { Caller } from "@unblind/platform/platform.ts";
import { getSubmission } from "@unblind/platform/submissions/get-submission.ts";
import { listMySubmissions } from "@unblind/platform/submissions/list-my-submissions.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { boxFiles, demoBoxes } from "@unblind/challenges/lhco-2020/write-dataset.ts";
import { refused, startServices, streamOf, TEST_SEED, type Services } from "./services.ts";

let services: Services;
let organizer: NonNullable<Caller>, alice: NonNullable<Caller>, bob: NonNullable<Caller>;
before(async () => {
  services = await startServices();
  [organizer, alice, bob] = await Promise.all(
    ["organizer@unblind.dev", "alice@unblind.dev", "bob@unblind.dev"].map((e) => services.callerFor(e)),
  );
});
after(() => services.stop());

const SLUG = "lhco-2020";
// Which box holds what is drawn from the demo's seed: regenerated here from the tests' seed.
const boxes = demoBoxes(1000, TEST_SEED);
const SIGNAL = boxes.find((b) => b.signals.length === 1)!;
const EMPTY = boxes.find((b) => b.signals.length === 0)!;
const TWO_MODES = boxes.find((b) => b.signals.length === 2)!;
const BOX = SIGNAL.name;
const M_X = SIGNAL.signals[0].resonanceMass;
const M_Y = Math.max(...SIGNAL.signals[0].daughterMasses!);
const answer = (mass: number, n: number, extra: object = {}) => ({
  pValue: 1e-5,
  resonanceMass: { value: mass, sigma: 100 },
  nSignal: { value: n, sigma: 15 },
  description: "bump at m_jj",
  ...extra,
});
const submissionCount = () => services.platform.db.submission.count();

async function objectBytes(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await services.platform.storage.getStream(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("black boxes", () => {
  it("seals answers with a receipt, lets them be replaced, and computes and shows nothing before the opening", async () => {
    const { platform } = services;
    const first = await submitAnswer(platform, alice, { challengeSlug: SLUG, box: BOX, answer: answer(3500, 10) });
    assert.equal(first.status, "SEALED");
    // The receipt is the SHA-256 of the canonical bytes, which are stored as they are.
    assert.equal(first.sha256, createHash("sha256").update(first.canonical).digest("hex"));
    const row = await platform.db.submission.findUniqueOrThrow({
      where: { id: first.submissionId },
      select: { fileKey: true, verdict: true, scores: true },
    });
    assert.equal(
      createHash("sha256")
        .update(await objectBytes(row.fileKey))
        .digest("hex"),
      first.sha256,
    );
    assert.deepEqual(JSON.parse(first.canonical), {
      ...answer(3500, 10),
      challenge: SLUG,
      box: BOX,
      submission: first.submissionId,
    });
    assert.equal(row.verdict, null);
    assert.equal(row.scores, null);

    const replaced = await submitAnswer(platform, alice, {
      challengeSlug: SLUG,
      box: BOX.toLowerCase(),
      answer: answer(M_X - 23, 35, { daughterMass1: { value: M_Y - 32, sigma: 50 } }),
    });
    await submitAnswer(platform, bob, { challengeSlug: SLUG, box: BOX, answer: answer(M_X + 700, 100) });
    assert.notEqual(replaced.sha256, first.sha256);
    const old = await platform.db.submission.findUniqueOrThrow({
      where: { id: first.submissionId },
      select: { supersededAt: true },
    });
    assert.ok(old.supersededAt, "the first answer is replaced");

    for (const caller of [alice, bob, organizer, null]) {
      const view = await getBox(platform, caller, { challengeSlug: SLUG, box: BOX });
      assert.equal(view.key, null);
      assert.equal(view.results, null);
      assert.equal(view.sealedAnswers, 2);
      assert.ok(view.mine.every((a) => a.verdict === null && a.scores === null));
    }
    assert.equal((await getBox(platform, bob, { challengeSlug: SLUG, box: BOX })).mine.length, 1);
    // Another participant cannot read the answer; an organizer sees it exists, not its values.
    await assert.rejects(getSubmission(platform, bob, replaced.submissionId), refused("NOT_FOUND"));
    const seenByOrganizer = await getSubmission(platform, organizer, replaced.submissionId);
    assert.equal(seenByOrganizer.status, "SEALED");
    assert.equal(seenByOrganizer.answer, null);
    assert.deepEqual(
      (await getSubmission(platform, alice, replaced.submissionId)).answer,
      JSON.parse(replaced.canonical),
    );
    // The key and the labels are truth: no URL for anyone, organizers included.
    const keys = await platform.db.datasetFile.findMany({
      where: { dataset: { challenge: { slug: SLUG } }, name: { in: [boxFiles(BOX).labels, boxFiles(BOX).key] } },
      select: { id: true },
    });
    assert.equal(keys.length, 2);
    for (const caller of [alice, organizer])
      for (const k of keys) await assert.rejects(getDownloadUrl(platform, caller, k.id), refused("NOT_FOUND"));
    // Answers are never ranked on the leaderboard.
    assert.ok(
      (await getLeaderboard(platform, alice, SLUG)).rows.every((r) => r.submissionId !== replaced.submissionId),
    );
    assert.ok(
      (await listMySubmissions(platform, alice, SLUG)).some(
        (s) => s.id === replaced.submissionId && s.status === "SEALED",
      ),
    );
  });

  it("refuses malformed answers, naming the field, and stores nothing", async () => {
    const before = await submissionCount();
    const cases: [unknown, RegExp][] = [
      [{ ...answer(3500, 10), pValue: 2 }, /pValue must lie in \[0, 1\]/],
      [{ ...answer(3500, 10), pValue: "NaN" }, /pValue must be a finite number/],
      [{ ...answer(3500, 10), resonanceMass: { value: 3500, sigma: 0 } }, /resonanceMass.sigma must be greater than 0/],
      [{ ...answer(3500, 10), resonanceMass: undefined }, /resonanceMass is required/],
      [{ ...answer(3500, 10), mass: 1 }, /unknown field "mass"/],
      [{ ...answer(3500, 10), nSignal: 5 }, /nSignal must be an object/],
      [[1, 2], /send a JSON object/],
    ];
    for (const [bad, message] of cases) {
      await assert.rejects(
        submitAnswer(services.platform, alice, { challengeSlug: SLUG, box: BOX, answer: bad }),
        refused("BAD_REQUEST", message),
      );
    }
    await assert.rejects(
      submitAnswer(services.platform, alice, { challengeSlug: SLUG, box: "Black box 9", answer: answer(1, 1) }),
      refused("NOT_FOUND"),
    );
    await assert.rejects(
      submitAnswer(services.platform, alice, { challengeSlug: SLUG, box: "R&D", answer: answer(1, 1) }),
      refused("NOT_FOUND"),
    );
    assert.equal(await submissionCount(), before);
  });

  it("locks answers after the deadline while the box stays sealed", async () => {
    const { db } = services.platform;
    const phase = await db.phase.findFirstOrThrow({
      where: { name: EMPTY.name, challenge: { slug: SLUG } },
      select: { id: true, closesAt: true },
    });
    await db.phase.update({ where: { id: phase.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    try {
      await assert.rejects(
        submitAnswer(services.platform, alice, { challengeSlug: SLUG, box: EMPTY.name, answer: answer(3000, 5) }),
        refused("PHASE_CLOSED", /locked since its deadline/),
      );
    } finally {
      await db.phase.update({ where: { id: phase.id }, data: { closesAt: phase.closesAt } });
    }
  });

  it("opens only for an organizer who names the box, once, under audit; judges the locked answers by their pulls", async () => {
    const { platform } = services;
    const box = { challengeSlug: SLUG, box: BOX };
    await assert.rejects(openBox(platform, bob, { ...box, confirm: BOX }), refused("FORBIDDEN"));
    await assert.rejects(
      openBox(platform, organizer, { ...box, confirm: BOX.toLowerCase() }),
      refused("BAD_REQUEST", /exact name/),
    );
    assert.equal((await getBox(platform, organizer, box)).box.openedAt, null);

    const opened = await openBox(platform, organizer, { ...box, confirm: BOX });
    assert.equal(opened.answers, 2);
    await assert.rejects(
      openBox(platform, organizer, { ...box, confirm: BOX }),
      refused("CONFLICT", /cannot be repeated/),
    );
    // The opened key is part of the record: no new version of it, nor of the box's labels.
    for (const name of [boxFiles(BOX).key, boxFiles(BOX).labels]) {
      await assert.rejects(
        startDatasetUpload(platform, organizer, { challengeSlug: SLUG, dataset: "Answer keys", name, size: 10 }),
        refused("CONFLICT", /has been opened/),
      );
    }

    const view = await getBox(platform, bob, box);
    assert.ok(view.key && view.results);
    // The key is the generated one.
    assert.equal(view.key.resonanceMass, M_X);
    const alices = view.results.find((r) => r.participant === "Alice Participant")!;
    assert.equal(alices.status, "SCORED");
    assert.equal(alices.verdict!.quantities.resonanceMass.pull, (M_X - 23 - M_X) / 100);
    assert.equal(alices.verdict!.quantities.daughterMass1.pull, (M_Y - 32 - M_Y) / 50);
    assert.equal(alices.verdict!.quantities.resonanceMass.within1Sigma, true);
    assert.equal(alices.verdict!.quantities.nSignal.truth, view.key.nSignal);
    const bobs = view.results.find((r) => r.participant === "Bob Participant")!;
    assert.equal(bobs.verdict!.quantities.resonanceMass.within2Sigma, false);
    assert.equal(view.results.length, 2, "the replaced answer is not judged");
    // Opened answers are public to everyone who sees the challenge; the receipts still match.
    assert.equal(
      createHash("sha256")
        .update(
          await objectBytes(
            (await platform.db.submission.findUniqueOrThrow({ where: { id: alices.id }, select: { fileKey: true } }))
              .fileKey,
          ),
        )
        .digest("hex"),
      alices.sha256,
    );

    const phase = await platform.db.phase.findFirstOrThrow({
      where: { name: BOX, challenge: { slug: SLUG } },
      select: { id: true, closesAt: true, openedById: true },
    });
    assert.ok(phase.closesAt! <= new Date(), "opening locks the answers");
    assert.equal(phase.openedById, organizer.userId);
    const audit = await listAuditEvents(platform, organizer, { challengeSlug: SLUG });
    const event = audit.find((e) => e.action === "blackbox.opened");
    assert.ok(event, "the opening is audited");
    assert.equal(event.subjectId, phase.id);
    assert.equal((event.data as { answers: number }).answers, 2);
  });

  it("accepts answers after the opening only as post-unblinding, judged at once and marked", async () => {
    const { platform } = services;
    const late = await submitAnswer(platform, bob, { challengeSlug: SLUG, box: BOX, answer: answer(M_X, 40) });
    assert.equal(late.postUnblinding, true);
    assert.equal(late.status, "SCORED");
    const view = await getBox(platform, bob, { challengeSlug: SLUG, box: BOX });
    const row = view.results!.find((r) => r.id === late.submissionId)!;
    assert.equal(row.postUnblinding, true);
    assert.equal(row.verdict!.quantities.resonanceMass.pull, 0);
    // The locked answer Bob gave before the opening stays his judged one.
    assert.equal(view.results!.filter((r) => r.participant === "Bob Participant" && !r.postUnblinding).length, 1);
  });

  it("scores an anomaly-score file against the sealed labels only after the opening", async () => {
    const { platform } = services;
    const box = { challengeSlug: SLUG, box: TWO_MODES.name };
    const rows = Array.from({ length: 1000 }, (_, i) => `${i},${((i * 7919) % 1000) / 1000}`).join("\n");
    const receipt = await submitAnswer(platform, alice, {
      ...box,
      answer: answer(TWO_MODES.signals[0].resonanceMass, 45),
      scoresFile: { fileName: "scores.csv", body: streamOf(`event_index,score\n${rows}\n`) },
    });
    assert.equal(receipt.status, "SEALED");
    assert.match(receipt.canonical, /"scoresFileSha256":"[0-9a-f]{64}"/);
    assert.equal(
      await scoreSubmission(services.scorer, receipt.submissionId),
      "SKIPPED",
      "a sealed answer is never scored",
    );

    await openBox(platform, organizer, { ...box, confirm: TWO_MODES.name });
    assert.equal(await scoreSubmission(services.scorer, receipt.submissionId), "SCORED");
    const row = (await getBox(platform, alice, box)).results!.find((r) => r.id === receipt.submissionId)!;
    assert.equal(typeof row.scores!.auc, "number");
    assert.equal(row.verdict!.quantities.resonanceMass.pull, 0);
  });
});
