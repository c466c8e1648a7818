// A black box whose answer an organizer defines in the bundle (no code): a
// dark-photon search reporting the mass, log10 of the kinetic mixing (which
// may be negative) and the signal count. The answer form's quantities come
// from the bundle; answers are checked against them (unknown, missing and
// out-of-range fields refused by name); the key must hold the bundle's
// signal count; the opening judges each quantity's pull and the claim at the
// bundle's threshold; and the box's configuration survives export/create.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { openBox } from "@unblind/platform/black-boxes/open-box.ts";
import { submitAnswer } from "@unblind/platform/black-boxes/submit-answer.ts";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { exportChallengeBundle } from "@unblind/platform/challenges/export-bundle.ts";
import { refused, startServices, type Services } from "./services.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
let services: Services;
before(async () => {
  services = await startServices();
  await services.platform.db.user.create({ data: { email: "dora@dp.test", name: "Dora" } });
});
after(() => services.stop());

const yaml = (blackBox: string, key = '{"massGeV": 0.42, "logEpsilon": -3.2, "events": 57}') => ({
  "challenge.yaml": `slug: dark-photon
title: Dark photon boxes
summary: Find the dark photon in each box, or say there is none.
pages:
  - { title: Overview, file: pages/overview.md }
submission:
  format: A structured answer per box
scoring:
  scorer: lhco
  primary: auc
  metrics:
    - { key: auc, label: AUC, direction: higher }
${blackBox}
datasets:
  - name: Boxes
    description: The boxes and their sealed keys.
    files:
      - { name: key1.json, access: truth, path: data/key1.json }
phases:
  - name: Box 1
    kind: black-box
    opens: -P1D
    closes: P30D
    limits: { perDay: 5, fileSize: 10 MiB }
    answerKey: key1.json
`,
  "pages/overview.md": "Each box may hold a dark photon.\n",
  "data/key1.json": key,
});

const BLACK_BOX = `  blackBox:
    quantities:
      - { key: massGeV, label: Dark photon mass, unit: GeV, required: with-signal }
      - { key: logEpsilon, label: log10 kinetic mixing, required: with-signal, nonNegative: false }
      - { key: events, label: Signal events, unit: events, required: always }
    signal: events
    claimThreshold: 2.87e-7`;

function bundle(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(services.dataDir, "dp-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe("a black box configured by its bundle", () => {
  it("takes the bundle's quantities, judges them at the opening, and round-trips", async () => {
    const { platform } = services;
    assert.ok((await createChallengeFromBundle(platform, OPERATOR, { dir: bundle(yaml(BLACK_BOX)) })).created);
    const dora = await services.callerFor("dora@dp.test");
    const view = await getBox(platform, dora, { challengeSlug: "dark-photon", box: "Box 1" });
    assert.deepEqual(
      view.box.answer.quantities.map((q) => [q.key, q.unit, q.required, q.nonNegative]),
      [
        ["massGeV", "GeV", "with-signal", true],
        ["logEpsilon", "", "with-signal", false],
        ["events", "events", "always", true],
      ],
    );
    const send = (answer: object) =>
      submitAnswer(platform, dora, { challengeSlug: "dark-photon", box: "Box 1", answer });
    await assert.rejects(
      send({ pValue: 1e-8, resonanceMass: { value: 1, sigma: 1 }, events: { value: 3, sigma: 1 } }),
      refused(
        "BAD_REQUEST",
        /unknown field "resonanceMass" \(expected pValue, massGeV, logEpsilon, events, description\)/,
      ),
    );
    await assert.rejects(
      send({ pValue: 1e-8, massGeV: { value: 0.4, sigma: 0.01 }, events: { value: 50, sigma: 8 } }),
      refused("BAD_REQUEST", /logEpsilon is required when events\.value is above 0/),
    );
    await assert.rejects(send({ pValue: 0.5 }), refused("BAD_REQUEST", /events is required/));
    await assert.rejects(
      send({ pValue: 0.5, massGeV: { value: -1, sigma: 1 }, events: { value: 0, sigma: 1 } }),
      refused("BAD_REQUEST", /massGeV\.value must not be negative/),
    );
    const receipt = await send({
      pValue: 1e-6,
      massGeV: { value: 0.4, sigma: 0.01 },
      logEpsilon: { value: -3.0, sigma: 0.1 },
      events: { value: 50, sigma: 8 },
    });
    assert.equal(receipt.status, "SEALED");

    await openBox(platform, OPERATOR, { challengeSlug: "dark-photon", box: "Box 1", confirm: "Box 1" });
    const opened = await getBox(platform, dora, { challengeSlug: "dark-photon", box: "Box 1" });
    const verdict = opened.results![0].verdict!;
    assert.ok(Math.abs(verdict.quantities.massGeV.pull! - (0.4 - 0.42) / 0.01) < 1e-12);
    assert.ok(Math.abs(verdict.quantities.logEpsilon.pull! - (-3.0 - -3.2) / 0.1) < 1e-12);
    assert.ok(Math.abs(verdict.quantities.events.pull! - (50 - 57) / 8) < 1e-12);
    // p = 10⁻⁶ would claim at the default 3σ, not at the bundle's 5σ (2.87 × 10⁻⁷): a signal was there, unclaimed.
    assert.equal(verdict.claim?.outcome, "missed signal");
    assert.equal(verdict.claim?.pValueThreshold, 2.87e-7);

    const out = path.join(mkdtempSync(path.join(services.dataDir, "dp-export-")), "b");
    await exportChallengeBundle(platform, OPERATOR, { slug: "dark-photon", out });
    assert.match(
      readFileSync(path.join(out, "challenge.yaml"), "utf8"),
      /blackBox:\n[\s\S]*quantities:\n\s+- key: massGeV/,
    );
    assert.ok((await createChallengeFromBundle(platform, OPERATOR, { dir: out, slug: "dark-photon-2" })).created);
    const [a, b] = await Promise.all(
      ["dark-photon", "dark-photon-2"].map((slug) =>
        platform.db.challenge.findUniqueOrThrow({ where: { slug }, select: { blackBox: true } }),
      ),
    );
    assert.deepEqual(a.blackBox, b.blackBox);
  });

  it("refuses a configuration that does not hold together, and a key without the signal count, located", async () => {
    const { platform } = services;
    const attempt = (blackBox: string, key?: string) =>
      createChallengeFromBundle(platform, OPERATOR, { dir: bundle(yaml(blackBox, key)), slug: "dp-bad" });
    await assert.rejects(
      attempt(BLACK_BOX.replace("signal: events", "signal: nSignal")),
      refused("BAD_REQUEST", /challenge\.yaml:\d+:\d+: signal: "nSignal" is not one of the quantities/),
    );
    await assert.rejects(
      attempt(BLACK_BOX.replace("key: logEpsilon", "key: massGeV")),
      refused("BAD_REQUEST", /quantities\.1\.key: "massGeV" appears twice/),
    );
    await assert.rejects(
      attempt(BLACK_BOX.replace("key: logEpsilon", "key: pValue")),
      refused("BAD_REQUEST", /pValue and description are every answer's own fields/),
    );
    assert.equal(await platform.db.challenge.count({ where: { slug: "dp-bad" } }), 0);
  });
});
