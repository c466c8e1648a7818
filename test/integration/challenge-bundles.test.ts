// Challenge bundles end to end on real PostgreSQL and s3rver: every demo
// challenge exported and created again from its export (the same definition,
// the same files by SHA-256), a new challenge from a hand-written bundle
// (folder, .zip, .tar.gz) whose truth is inside it and scores a submission,
// every class of bad bundle refused with its location and nothing created,
// and who may create.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { challengeDefinitions } from "@unblind/challenges/index.ts";
import { writeZip } from "@unblind/challenges/shared/zip-archive.ts";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { exportChallengeBundle } from "@unblind/platform/challenges/export-bundle.ts";
import { amsOptimised } from "@unblind/scoring/metrics/ams.ts";
import { setChallengePages } from "@unblind/platform/challenges/set-challenge-pages.ts";
import { bundleFolder } from "@unblind/platform/challenges/unpack-bundle.ts";
import { createGroup, addGroupMember } from "@unblind/platform/groups/manage-groups.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { workExampleJobs } from "../../apps/scorer/src/score-example.ts";
import { type ExampleBundle, exampleBundleFiles, exampleBundleYaml } from "../fixtures/example-bundle.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
let services: Services;
before(async () => {
  services = await startServices();
  // The examples' dry runs are scored by the scoring service's handler, in the sandbox.
  await workExampleJobs(services.platform, services.scorer.runtime);
});
after(() => services.stop());

const tmp = (name: string) => mkdtempSync(path.join(services.dataDir, `${name}-`));
const challengeCount = () => services.platform.db.challenge.count();

/** The example bundle written into `dir`, with `yaml` instead of its challenge.yaml when given. */
function handWritten(dir: string, yaml?: string, options: ExampleBundle = {}): string {
  for (const [name, content] of Object.entries(exampleBundleFiles(options))) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), name === "challenge.yaml" && yaml !== undefined ? yaml : content);
  }
  return dir;
}

const BUNDLE_YAML = exampleBundleYaml();

describe("challenge bundles", () => {
  for (const def of challengeDefinitions)
    it(`${def.slug}: export, then create from the export, gives the same challenge and files`, async () => {
      const { platform } = services;
      const first = tmp(`export-${def.slug}`);
      const exported = await exportChallengeBundle(platform, OPERATOR, { slug: def.slug, out: first });
      assert.equal(exported.pages, def.pages.length);
      const created = await createChallengeFromBundle(platform, OPERATOR, { dir: first, slug: `${def.slug}-copy` });
      assert.ok(created.created);
      assert.equal(created.files, exported.files);
      const second = tmp(`export-${def.slug}-copy`);
      await exportChallengeBundle(platform, OPERATOR, { slug: `${def.slug}-copy`, out: second });
      const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
      assert.equal(
        read(second, "challenge.yaml"),
        read(first, "challenge.yaml").replace(`slug: ${def.slug}\n`, `slug: ${def.slug}-copy\n`),
      );
      for (const page of readdirSync(path.join(first, "pages")))
        assert.equal(read(second, `pages/${page}`), read(first, `pages/${page}`));
      const truthOf = async (slug: string) =>
        (
          await platform.db.phase.findMany({
            where: { challenge: { slug } },
            orderBy: { name: "asc" },
            select: { truthFile: { select: { sha256: true } }, answerKeyFile: { select: { sha256: true } } },
          })
        ).map((p) => [p.truthFile?.sha256, p.answerKeyFile?.sha256]);
      assert.deepEqual(await truthOf(`${def.slug}-copy`), await truthOf(def.slug));
    });

  it("creates a new challenge from a folder, a .zip and a .tar.gz; its truth inside the bundle scores a submission", async () => {
    const { platform } = services;
    const folder = handWritten(tmp("qg"));
    const preview = await createChallengeFromBundle(platform, OPERATOR, { dir: folder, dryRun: true });
    assert.equal(preview.created, false);
    assert.deepEqual(preview.created ? null : preview.preview.files, [
      { name: "test_ids.csv", access: "PUBLIC", source: "bundle" },
      { name: "truth.csv", access: "TRUTH", source: "bundle" },
    ]);
    const created = await createChallengeFromBundle(platform, OPERATOR, { dir: folder });
    assert.ok(created.created);
    assert.deepEqual(created.phases, ["Main"]);
    const challenge = await platform.db.challenge.findUniqueOrThrow({
      where: { slug: "quark-gluon" },
      select: { description: true, pages: true, phases: { select: { truthFile: { select: { name: true } } } } },
    });
    assert.equal(
      challenge.description,
      "Tell **quark** jets from gluon jets.\n\n## Rules\n\nOne account per person; see [the rules](https://home.cern).",
    );
    assert.equal(challenge.phases[0].truthFile?.name, "truth.csv");
    const alice = await services.callerFor("alice@unblind.dev");
    const sub = await createSubmission(platform, alice, {
      challengeSlug: "quark-gluon",
      fileName: "s.csv",
      body: streamOf("id,score\n0,0.9\n1,0.2\n2,0.8\n3,0.1\n"),
    });
    assert.equal(await scoreSubmission(services.scorer, sub.id), "SCORED");
    const scored = await platform.db.submission.findUniqueOrThrow({ where: { id: sub.id }, select: { scores: true } });
    assert.equal((scored.scores as { auc: number }).auc, 1);

    // The same bundle as archives (a zip of the folder itself; a tar.gz of its content).
    const files = Object.keys(exampleBundleFiles());
    const zip = path.join(tmp("zip"), "qg.zip");
    await writeZip(
      zip,
      files.map((f) => ({ name: `quark-gluon/${f}`, path: path.join(folder, f) })),
    );
    const fromZip = await createChallengeFromBundle(platform, OPERATOR, {
      dir: await bundleFolder(zip),
      slug: "qg-zip",
    });
    assert.ok(fromZip.created);
    const tgz = path.join(tmp("tgz"), "qg.tar.gz");
    writeFileSync(tgz, tarGz(Object.fromEntries(files.map((f) => [f, readFileSync(path.join(folder, f))]))));
    const fromTar = await createChallengeFromBundle(platform, OPERATOR, {
      dir: await bundleFolder(tgz),
      slug: "qg-tgz",
    });
    assert.equal(fromTar.created && fromTar.files, 2);
  });

  it("refuses every class of bad bundle with each problem's place, and creates nothing", async () => {
    const { platform } = services;
    const before = await challengeCount();
    const bad = async (yaml: string, tweak?: (dir: string) => void) => {
      const dir = handWritten(tmp("bad"), yaml);
      tweak?.(dir);
      try {
        await createChallengeFromBundle(platform, OPERATOR, { dir, slug: "never" });
      } catch (error) {
        assert.match((error as Error).message, /nothing was created/);
        return (error as Error).message.split("\n").slice(1);
      }
      assert.fail("the bundle was accepted");
    };
    const swap = (from: string, to: string) => {
      assert.ok(BUNDLE_YAML.includes(from), from);
      return BUNDLE_YAML.replace(from, to);
    };
    assert.deepEqual(await bad(swap("summary:", "sumary:")), [
      "challenge.yaml:1:1: summary: Invalid input: expected string, received undefined",
      'challenge.yaml:3:1: unknown key "sumary"',
    ]);
    assert.deepEqual(await bad(swap("perDay: 5", "perDay: five")), [
      "challenge.yaml:26:15: phases[0].limits.perDay: Invalid input: expected number, received string",
    ]);
    assert.deepEqual(await bad(swap("closes: P30D", "closes: 2027-02-30T00:00Z")), [
      "challenge.yaml:24:13: 2027-02-30T00:00Z is not a date",
    ]);
    assert.deepEqual(await bad(swap("closes: P30D", "closes: -P2D")), [
      "challenge.yaml:24:13: closes (-P2D) is not after opens (-P1D)",
    ]);
    assert.deepEqual(await bad(swap("primary: auc", "primary: logLoss")), [
      'challenge.yaml:13:12: "logLoss" is not one of scoring.metrics (auc, accuracy)',
    ]);
    assert.match(
      (await bad(swap("- key: accuracy", "- key: accuracyy")))[0],
      /^challenge\.yaml:18:12: the top-tagging scorer does not produce "accuracyy" \(it produces: auc, accuracy, /,
    );
    assert.deepEqual(await bad(swap("file: pages/rules.md", "file: pages/rulez.md")), [
      "challenge.yaml:8:11: pages/rulez.md does not exist in the bundle",
    ]);
    assert.deepEqual(await bad(swap("truth: truth.csv", "truth: labels.csv")), [
      "challenge.yaml:28:12: no file named labels.csv under datasets[].files",
    ]);
    assert.deepEqual(await bad(swap("access: truth", "access: public")), [
      "challenge.yaml:28:12: truth.csv must be at level truth, not public",
    ]);
    assert.deepEqual(await bad(swap("path: data/truth.csv", "path: ../secret.csv")), [
      "challenge.yaml:38:15: datasets[0].files[1].path: a relative path inside the bundle, without '..'",
    ]);
    assert.deepEqual(
      await bad(BUNDLE_YAML, (dir) => writeFileSync(path.join(dir, "pages/rules.md"), "x".repeat(200_001))),
      ["challenge.yaml:8:11: pages/rules.md has 200001 characters; a page holds at most 200000"],
    );
    // A symbolic link out of the bundle.
    const linked = await bad(swap("path: data/truth.csv", "path: data/link.csv"), (dir) =>
      symlinkSync("/etc/passwd", path.join(dir, "data/link.csv")),
    );
    assert.deepEqual(linked, ["challenge.yaml:38:15: data/link.csv leads outside the bundle"]);
    assert.deepEqual(await bad(swap("title: Quark or gluon", "title: [Quark")), [
      "challenge.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
    // A truth whose columns do not match the scoring definition, read as the scorer reads it.
    assert.deepEqual(
      await bad(BUNDLE_YAML, (dir) => writeFileSync(path.join(dir, "data/truth.csv"), "id,label\n0,1\n1,0\n")),
      [
        'data/truth.csv:1:1: the header must be "id,is_signal", found "id,label" (read as the top-tagging scorer reads the truth of Main)',
      ],
    );
    assert.deepEqual(
      await bad(BUNDLE_YAML, (dir) => writeFileSync(path.join(dir, "data/truth.csv"), "id,is_signal\n0,1\n1,2\n")),
      ["data/truth.csv:3:2: is_signal must be 0 or 1 (read as the top-tagging scorer reads the truth of Main)"],
    );
    // Several problems at once, in the order of the file.
    assert.equal((await bad(swap("perDay: 5", "perDay: 0").replace("direction: higher", "direction: up"))).length, 2);
    assert.equal(await challengeCount(), before, "nothing was created");
  });

  it("scores the bundle's example submission as a dry run, and refuses a bundle whose example the scorer refuses", async () => {
    const { platform } = services;
    const good = handWritten(tmp("ex"), undefined, {
      slug: "qg-example",
      example: "id,score\n0,0.9\n1,0.2\n2,0.4\n3,0.6\n",
    });
    const preview = await createChallengeFromBundle(platform, OPERATOR, { dir: good, dryRun: true });
    assert.deepEqual(preview.created ? null : preview.preview.example, { auc: 0.75, accuracy: 0.5 });
    const before = await challengeCount();
    const bad = handWritten(tmp("ex-bad"), undefined, { slug: "qg-example", example: "id,score\n0,0.9\n1,high\n" });
    await assert.rejects(
      createChallengeFromBundle(platform, OPERATOR, { dir: bad }),
      refused("BAD_REQUEST", /example\.csv:3:2: score: "high" is not a number \(the example submission\)/),
    );
    assert.equal(await challengeCount(), before);
  });

  it("is for site admins and the challenge-creators group; a file by SHA-256 must be one the creator organizes", async () => {
    const { platform } = services;
    const bob = await services.callerFor("bob@unblind.dev");
    const dir = handWritten(tmp("qg2"), BUNDLE_YAML.replace("slug: quark-gluon", "slug: bobs-challenge"));
    await assert.rejects(
      createChallengeFromBundle(platform, bob, { dir }),
      refused("FORBIDDEN", /site admins and members of the group challenge-creators/),
    );
    const admin = await services.callerFor("admin@unblind.dev");
    await createGroup(platform, admin, { name: "challenge-creators", description: "May create challenges" });
    await addGroupMember(platform, admin, { group: "challenge-creators", member: { email: "bob@unblind.dev" } });
    // Bob may create, but may not pull another challenge's truth out of storage by its SHA-256.
    const truth = await platform.db.datasetFile.findFirstOrThrow({
      where: { access: "TRUTH", dataset: { challenge: { slug: "top-tagging" } } },
      select: { sha256: true },
    });
    const stealing = handWritten(
      tmp("steal"),
      BUNDLE_YAML.replace("slug: quark-gluon", "slug: bobs-challenge").replace(
        "        access: public\n        path: data/test_ids.csv",
        `        access: public\n        sha256: ${truth.sha256}`,
      ),
    );
    await assert.rejects(
      createChallengeFromBundle(platform, bob, { dir: stealing }),
      refused("BAD_REQUEST", /no stored file with SHA-256 [0-9a-f]{64} in a challenge you organize/),
    );
    const created = await createChallengeFromBundle(platform, bob, { dir });
    assert.ok(created.created);
    const roles = await platform.db.challengeRole.findMany({
      where: { challenge: { slug: "bobs-challenge" } },
      select: { role: true, user: { select: { email: true } } },
    });
    assert.deepEqual(roles, [{ role: "ORGANIZER", user: { email: "bob@unblind.dev" } }]);
  });

  it("organizers edit the pages, audited with each page's SHA-256; the export carries them; others cannot", async () => {
    const { platform } = services;
    const organizer = await services.callerFor("organizer@unblind.dev");
    const alice = await services.callerFor("alice@unblind.dev");
    const pages = [
      { title: "Overview", markdown: "Find the top quarks." },
      { title: "Rules", markdown: "Two selections per team." },
    ];
    await assert.rejects(
      setChallengePages(platform, alice, { slug: "top-tagging", pages }),
      (e: unknown) => e instanceof Error && /organiz|not found|No challenge/i.test(e.message),
    );
    await assert.rejects(
      setChallengePages(platform, organizer, { slug: "top-tagging", pages: [pages[0], { title: " ", markdown: "x" }] }),
      refused("BAD_REQUEST", /^page 2: every page needs a title$/),
    );
    await setChallengePages(platform, organizer, { slug: "top-tagging", pages });
    const row = await platform.db.challenge.findUniqueOrThrow({
      where: { slug: "top-tagging" },
      select: { id: true, description: true },
    });
    assert.equal(row.description, "Find the top quarks.\n\n## Rules\n\nTwo selections per team.");
    const event = await platform.db.auditEvent.findFirstOrThrow({
      where: { action: "challenge.pages_changed", challengeId: row.id },
      orderBy: { at: "desc" },
      select: { data: true },
    });
    assert.deepEqual(
      (event.data as { now: { title: string }[] }).now.map((p) => p.title),
      ["Overview", "Rules"],
    );
    const out = tmp("pages-export");
    await exportChallengeBundle(platform, organizer, { slug: "top-tagging", out });
    assert.equal(readFileSync(path.join(out, "pages/02-rules.md"), "utf8"), "Two selections per team.\n");
  });

  it("a HiggsML-style challenge with no code: the configured binary scorer ranks by the weighted AMS", async () => {
    const { platform } = services;
    const config = `  config:
    truth: { id: EventId, label: Label, weight: Weight }
    submission: { id: EventId, score: Prob }
    rejectionAt: []
    ams: { br: 10 }
`;
    const yaml = (metrics: string) =>
      exampleBundleYaml({ slug: "higgs-ml" })
        .replace(
          "  scorer: top-tagging\n  primary: auc\n",
          `  scorer: binary-classification\n${config}  primary: ams\n`,
        )
        .replace(/ {2}metrics:\n[\s\S]*?(?=phases:)/, `  metrics:\n${metrics}`);
    const metrics =
      "    - key: ams\n      label: AMS\n      direction: higher\n    - key: auc\n      label: AUC\n      direction: higher\n";
    const dir = handWritten(tmp("higgs"), yaml(metrics));
    const labels = [1, 0, 1, 0, 1, 0, 0, 0];
    const weights = [0.002, 1.5, 0.003, 2.1, 0.0015, 0.7, 3.2, 1.1];
    writeFileSync(
      path.join(dir, "data/truth.csv"),
      `EventId,Label,Weight\n${labels.map((y, i) => `${350000 + i},${y},${weights[i]}`).join("\n")}\n`,
    );
    // A metric the settings do not produce is refused at its place.
    const refusedDir = handWritten(
      tmp("higgs-bad"),
      yaml(`${metrics}    - key: bgRejection30\n      label: R30\n      direction: higher\n`),
    );
    await assert.rejects(
      createChallengeFromBundle(platform, OPERATOR, { dir: refusedDir }),
      refused("BAD_REQUEST", /the binary-classification scorer does not produce "bgRejection30" with these settings/),
    );
    const created = await createChallengeFromBundle(platform, OPERATOR, { dir });
    assert.ok(created.created);
    const alice = await services.callerFor("alice@unblind.dev");
    const scores = [0.9, 0.1, 0.8, 0.3, 0.7, 0.6, 0.2, 0.4];
    const sub = await createSubmission(platform, alice, {
      challengeSlug: "higgs-ml",
      fileName: "s.csv",
      body: streamOf(`EventId,Prob\n${scores.map((p, i) => `${350000 + i},${p}`).join("\n")}\n`),
    });
    assert.equal(await scoreSubmission(services.scorer, sub.id), "SCORED");
    const stored = (await platform.db.submission.findUniqueOrThrow({ where: { id: sub.id }, select: { scores: true } }))
      .scores as { ams: number; amsThreshold: number; auc: number };
    assert.equal(stored.ams, amsOptimised(labels, scores, weights).ams);
    assert.equal(stored.amsThreshold, 0.7);
    assert.equal(stored.auc, 1);
  });

  it("an energy-regression challenge with no code: the configured regression scorer ranks by the resolution", async () => {
    const { platform } = services;
    const yaml = exampleBundleYaml({ slug: "calo-regression" })
      .replace(
        "  scorer: top-tagging\n  primary: auc\n",
        "  scorer: regression\n  config:\n    truth: { target: energy }\n  primary: resolution\n",
      )
      .replace(
        / {2}metrics:\n[\s\S]*?(?=phases:)/,
        "  metrics:\n    - key: resolution\n      label: Resolution\n      direction: lower\n    - key: rmse\n      label: RMSE (GeV)\n      direction: lower\n",
      );
    const dir = handWritten(tmp("calo"), yaml);
    writeFileSync(path.join(dir, "data/truth.csv"), "id,energy\n0,100\n1,200\n2,50\n3,400\n");
    const created = await createChallengeFromBundle(platform, OPERATOR, { dir });
    assert.ok(created.created);
    const alice = await services.callerFor("alice@unblind.dev");
    const sub = await createSubmission(platform, alice, {
      challengeSlug: "calo-regression",
      fileName: "p.csv",
      body: streamOf("id,prediction\n0,110\n1,190\n2,50\n3,440\n"),
    });
    assert.equal(await scoreSubmission(services.scorer, sub.id), "SCORED");
    const stored = (await platform.db.submission.findUniqueOrThrow({ where: { id: sub.id }, select: { scores: true } }))
      .scores as { rmse: number; bias: number; resolution: number };
    // residuals 10, −10, 0, 40: RMSE √((100 + 100 + 0 + 1600) / 4); relative −0.05, 0, 0.1, 0.1.
    assert.equal(stored.rmse, Math.sqrt(1800 / 4));
    assert.ok(Math.abs(stored.bias - 0.05) < 1e-15);
    assert.ok(Math.abs(stored.resolution - (0.1 - -0.0125) / 1.349) < 1e-15);
  });
});
