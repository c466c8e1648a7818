// The truth next to the TrackML event display is test labels: nobody gets it
// while the phase is open, only the submission's owner and the organizers
// after it has closed, and it is exactly the truth file's particles.
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import type { Caller } from "@unblind/platform/platform.ts";
import { createSubmission } from "@unblind/platform/submissions/create-submission.ts";
import { getDisplayTruth } from "@unblind/platform/submissions/get-display-truth.ts";
import { scoreSubmission } from "../../apps/scorer/src/score-submission.ts";
import { refused, startServices, streamOf, type Services } from "./services.ts";

let services: Services;
let organizer: NonNullable<Caller>, alice: NonNullable<Caller>, bob: NonNullable<Caller>;
before(async () => {
  services = await startServices();
  [organizer, alice, bob] = await Promise.all(
    ["organizer@unblind.dev", "alice@unblind.dev", "bob@unblind.dev"].map((e) => services.callerFor(e)),
  );
});
after(() => services.stop());

const SLUG = "trackml";

async function text(key: string): Promise<Buffer> {
  return Buffer.concat((await (await services.platform.storage.getStream(key)).toArray()) as Buffer[]);
}

describe("the truth next to the TrackML event display", () => {
  it("is withheld while the phase is open and shown, exactly, to those who see the submission once it has closed", async () => {
    const { platform } = services;
    const files = await platform.db.datasetFile.findMany({
      where: {
        dataset: { challenge: { slug: SLUG } },
        OR: [{ name: { endsWith: "-hits.csv" }, access: "PARTICIPANTS" }, { name: "test_truth.csv.gz" }],
      },
      select: { name: true, key: true },
    });
    // Every hit its own track: a valid submission, scored near 0.
    const rows = ["event_id,hit_id,track_id"];
    for (const f of files.filter((f) => f.name.endsWith("-hits.csv"))) {
      const eventId = Number(/^event(\d+)-hits/.exec(f.name)![1]);
      for (const line of (await text(f.key)).toString().trim().split("\n").slice(1))
        rows.push(`${eventId},${line.split(",")[0]},${line.split(",")[0]}`);
    }
    const sub = await createSubmission(platform, alice, {
      challengeSlug: SLUG,
      fileName: "singletons.csv",
      body: streamOf(`${rows.join("\n")}\n`),
    });
    assert.equal(await scoreSubmission(services.scorer, sub.id), "SCORED");

    const closed = await getDisplayTruth(platform, alice, sub.id);
    assert.equal(closed.shown, false);
    assert.match((closed as { reason: string }).reason, /shown once .* has closed/);
    assert.equal(
      (await getDisplayTruth(platform, organizer, sub.id)).shown,
      false,
      "not even for organizers: the page would show it to anyone looking",
    );
    await assert.rejects(getDisplayTruth(platform, bob, sub.id), refused("NOT_FOUND"));
    await assert.rejects(getDisplayTruth(platform, null, sub.id), refused("NOT_FOUND"));

    const phase = await platform.db.submission.findUniqueOrThrow({
      where: { id: sub.id },
      select: { phaseId: true, curves: true },
    });
    await platform.db.phase.update({ where: { id: phase.phaseId }, data: { closesAt: new Date(Date.now() - 1000) } });
    const shown = await getDisplayTruth(platform, alice, sub.id);
    await assert.rejects(
      getDisplayTruth(platform, bob, sub.id),
      refused("NOT_FOUND"),
      "other participants still see nothing of Alice's",
    );
    assert.ok(shown.shown);
    const display = (phase.curves as { display: { eventId: number; track: number[] } }).display;
    assert.equal(shown.eventId, display.eventId);
    assert.equal(shown.particle.length, display.track.length);

    // An independent reading of the truth file: the particle_id of each hit of the event, by hit_id.
    const truth = gunzipSync(await text(files.find((f) => f.name === "test_truth.csv.gz")!.key))
      .toString()
      .trim()
      .split("\n");
    const header = truth[0].split(",");
    const [ev, hit, particle] = ["event_id", "hit_id", "particle_id"].map((c) => header.indexOf(c));
    const ofEvent = truth
      .slice(1)
      .map((l) => l.split(","))
      .filter((f) => Number(f[ev]) === display.eventId)
      .sort((a, b) => Number(a[hit]) - Number(b[hit]));
    assert.equal(ofEvent.length, shown.particle.length);
    const dense = new Map<string, number>();
    ofEvent.forEach((f, i) => {
      if (f[particle] === "0") return assert.equal(shown.particle[i], -1, "noise");
      if (!dense.has(f[particle])) dense.set(f[particle], shown.particle[i]);
      assert.equal(shown.particle[i], dense.get(f[particle]), `hit ${f[hit]}`);
    });
    assert.equal(new Set(dense.values()).size, dense.size, "one index per particle");
  });
});
