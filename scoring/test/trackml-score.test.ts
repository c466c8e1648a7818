import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { scoreTrackml } from "../src/challenges/trackml.ts";
import { scoreTrackmlEvent } from "../src/metrics/trackml-score.ts";
import { InputError } from "../src/parse/input-error.ts";

// Hand-worked event. Particles: A = 5 (hits 1–4, weight 0.1 each),
// B = 9007199254740993 (> 2^53; hits 5–8, 0.1 each), C = 7 (hits 9–10, 0.05
// each), noise = 0 (hits 11–12, weight 0). Total weight 0.9.
const TRUTH_ROWS = [
  [1, "5", 0.1],
  [2, "5", 0.1],
  [3, "5", 0.1],
  [4, "5", 0.1],
  [5, "9007199254740993", 0.1],
  [6, "9007199254740993", 0.1],
  [7, "9007199254740993", 0.1],
  [8, "9007199254740993", 0.1],
  [9, "7", 0.05],
  [10, "7", 0.05],
  [11, "0", 0],
  [12, "0", 0],
] as const;
const truthCsv = (withEvent?: number) =>
  `${withEvent === undefined ? "" : "event_id,"}hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n` +
  TRUTH_ROWS.map(
    ([h, p, w]) => `${withEvent === undefined ? "" : `${withEvent},`}${h},${p},1.5,-2.5,3e2,0.1,0.2,0.3,${w}`,
  ).join("\n") +
  "\n";

// Tracks: T1 = hits 1,2,3 + noise 11 (good: 3/4 of the track, 3/4 of A);
// T2 = hit 4 + noise 12 (1–1 tie: the lowest id, noise, wins → fake);
// T3 = hits 5,6 and T4 = hits 7,8 (B split 2/2: pure, but neither holds more
// than half of B → not good; T4 is a duplicate of T3); T5 = hits 9,10 (good).
// Score = (0.3 + 0.1) / 0.9.
const TRACK_OF: Record<number, string> = {
  1: "1",
  2: "1",
  3: "1",
  11: "1",
  4: "2",
  12: "2",
  5: "3",
  6: "3",
  7: "18446744073709551615",
  8: "18446744073709551615",
  9: "5",
  10: "5",
};
const rows = (eventId: number, hits = Object.keys(TRACK_OF).map(Number)) =>
  hits.map((h) => `${eventId},${h},${TRACK_OF[h]}`);

const dir = mkdtempSync(path.join(tmpdir(), "unblind-trackml-"));
const truthDir = path.join(dir, "truth");
mkdirSync(truthDir);
writeFileSync(path.join(truthDir, "event000000001-truth.csv"), truthCsv());
writeFileSync(path.join(truthDir, "event000000002-truth.csv.gz"), gzipSync(truthCsv()));
writeFileSync(path.join(truthDir, "event000000002-hits.csv"), "ignored\n");
const combinedTruth = path.join(dir, "combined.csv");
writeFileSync(combinedTruth, truthCsv(1) + truthCsv(2).split("\n").slice(1).join("\n"));

function submission(lines: string[], header = "event_id,hit_id,track_id"): string {
  const file = path.join(dir, `s${Math.random()}.csv`);
  writeFileSync(file, `${header}\n${lines.join("\n")}\n`);
  return file;
}

async function rejects(
  lines: string[],
  line: number | undefined,
  column: number | undefined,
  message: RegExp,
  header?: string,
) {
  await assert.rejects(scoreTrackml(truthDir, submission(lines, header)), (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.match(e.message, message);
    assert.equal(e.line, line, `line of: ${e.message}`);
    assert.equal(e.column, column, `column of: ${e.message}`);
    return true;
  });
}

const EXPECTED = 0.4 / 0.9;

describe("TrackML score (official score_event)", () => {
  it("scores the hand-worked event: noise inside a good track, a noise tie, a 2/2 split, a 2-hit particle", async () => {
    const r = await scoreTrackml(truthDir, submission([...rows(1), ...rows(2)]));
    assert.ok(Math.abs(r.score - EXPECTED) < 1e-15, String(r.score));
    assert.deepEqual(
      r.events.map((e) => e.eventId),
      [1, 2],
    );
    for (const e of r.events) assert.ok(Math.abs(e.score - EXPECTED) < 1e-15);
  });

  it("reports efficiency over particles with ≥ 4 hits, and fake and duplicate rates over tracks", async () => {
    const r = await scoreTrackml(truthDir, submission([...rows(1), ...rows(2)]));
    assert.equal(r.efficiency, 0.5); // A reconstructed, B (split) not; C has 2 hits
    assert.equal(r.fakeRate, 0.2); // T2, whose majority is noise
    assert.equal(r.duplicateRate, 0.2); // T4, second pure track of B
    assert.equal(r.nTracks, 10);
  });

  it("gives ties to the lowest particle id, even above 2^53", async () => {
    // Hits 4 (A = 5) and 5 (B = 2^53 + 1) alone: A wins the 1–1 tie, but holds 1/2 → not good.
    // Hits 1,2,3 + 5: A 3/4 → good. Everything else in singletons.
    const track: Record<number, number> = { 1: 1, 2: 1, 3: 1, 5: 1, 4: 2, 6: 3, 7: 4, 8: 5, 9: 6, 10: 6, 11: 7, 12: 8 };
    const lines = (e: number) => Object.entries(track).map(([h, t]) => `${e},${h},${t}`);
    const r = await scoreTrackml(truthDir, submission([...lines(1), ...lines(2)]));
    assert.ok(Math.abs(r.score - 0.4 / 0.9) < 1e-15); // A's 3 hits (0.3) + C (0.1)
  });

  it("gives 1 for a perfect assignment and 0 when every hit is its own track", async () => {
    const perfect = (e: number) => TRUTH_ROWS.map(([h, p]) => `${e},${h},${p}`);
    assert.equal((await scoreTrackml(truthDir, submission([...perfect(1), ...perfect(2)]))).score, 1);
    const singletons = (e: number) => TRUTH_ROWS.map(([h]) => `${e},${h},${h}`);
    assert.equal((await scoreTrackml(truthDir, submission([...singletons(1), ...singletons(2)]))).score, 0);
  });

  it("gives exactly 1 to a perfect assignment of a large event whose weights sum in any order", () => {
    // 2000 particles of 1 to 12 hits, hits scattered over the event, weights of every magnitude
    // normalised to 1, tracks numbered in another order than the particles.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const hitsOf = Array.from({ length: 2000 }, () => 1 + Math.floor(next() * 12));
    const particle = Int32Array.from(hitsOf.flatMap((n, p) => Array(n).fill(p)));
    for (let i = particle.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [particle[i], particle[j]] = [particle[j], particle[i]];
    }
    const raw = Float64Array.from(particle, (p) => (hitsOf[p] < 4 ? 0 : next() * 10 ** -Math.floor(next() * 6)));
    const total = raw.reduce((a, b) => a + b, 0);
    const weight = raw.map((w) => w / total);
    const score = scoreTrackmlEvent({
      particle,
      weight,
      nParticles: 2000,
      noise: -1,
      track: Int32Array.from(particle, (p) => 1999 - p),
      nTracks: 2000,
    }).score;
    assert.equal(score, 1);
  });

  it("scores interleaved events the same as contiguous ones", async () => {
    const a = rows(1);
    const b = rows(2);
    const mixed = a.flatMap((line, i) => [line, b[i]]).reverse();
    assert.ok(Math.abs((await scoreTrackml(truthDir, submission(mixed))).score - EXPECTED) < 1e-15);
  });

  it("reads every valid form of a number and a line end the same as the plain one", async () => {
    // Event 1: long weights; 2: odd but valid forms, CRLF, no final newline; 3: short weights.
    // Events read after a longer one reuse its buffer, so stale bytes must not matter.
    const odd = path.join(dir, "odd-truth");
    mkdirSync(odd);
    const plain = (w: (x: number) => string) => TRUTH_ROWS.map(([h, p, x]) => `${h},${p},1,2,3,4,5,6,${w(x)}`);
    const header = "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight";
    writeFileSync(
      path.join(odd, "event000000001-truth.csv"),
      `${[header, ...plain((x) => x.toFixed(20))].join("\n")}\n`,
    );
    const forms = ["1e-1", "+0.1", ".1", "0.1000000000000000000000001", "00.10", "10e-2", "0.01E1", "1E-1"];
    const oddRows = TRUTH_ROWS.map(
      ([h, p, x], i) =>
        `${h},${p === "0" ? "000" : `00${p}`},1,2,3,4,5,6,${x === 0 ? "0e0" : x === 0.05 ? "5e-2" : forms[i % forms.length]}`,
    );
    writeFileSync(path.join(odd, "event000000002-truth.csv"), [header, ...oddRows].join("\r\n"));
    writeFileSync(path.join(odd, "event000000003-truth.csv"), `${[header, ...plain(String)].join("\n")}\n`);
    const oddSubmission = (e: number) => rows(e).map((line) => `${line.replace(/,(\d+)$/, ",000$1")}\r`);
    const r = await scoreTrackml(odd, submission([...rows(1), ...oddSubmission(2), ...rows(3)]));
    assert.deepEqual(
      r.events.map((e) => e.eventId),
      [1, 2, 3],
    );
    for (const e of r.events) assert.ok(Math.abs(e.score - EXPECTED) < 1e-15, `event ${e.eventId}: ${e.score}`);
  });

  it("reads the truth as one CSV with event_id in front", async () => {
    const r = await scoreTrackml(combinedTruth, submission([...rows(1), ...rows(2)]));
    assert.ok(Math.abs(r.score - EXPECTED) < 1e-15);
  });

  it("gives per-event bootstrap intervals over events, reproducibly", async () => {
    const file = submission([...rows(1), ...rows(2)]);
    const a = await scoreTrackml(truthDir, file, { bootstrap: { resamples: 50, seed: 3 } });
    const b = await scoreTrackml(truthDir, file, { bootstrap: { resamples: 50, seed: 3 } });
    assert.deepEqual(a.ci, b.ci);
    assert.ok(Math.abs(a.ci!.score.low! - EXPECTED) < 1e-15 && Math.abs(a.ci!.score.high! - EXPECTED) < 1e-15);
  });
});

describe("TrackML submission validation", () => {
  it("rejects a missing hit, naming it", () =>
    rejects(
      [...rows(1).slice(1), ...rows(2)],
      undefined,
      undefined,
      /event 1: 1 hit\(s\) have no track, the first is hit_id 1\b/,
    ));
  it("rejects a duplicate hit at its line, naming the first", () =>
    rejects([...rows(1), "1,3,9", ...rows(2)], 14, 2, /hit_id 3 of event 1 appears twice \(first on line 4\)/));
  it("bounds an interleaved submission by the truth: no event holds more rows than hits", () =>
    rejects([...rows(2), ...rows(1), "2,5,1"], 26, 2, /event 2 has more rows than its 12 hits/));
  it("rejects a hit the event does not have", () =>
    rejects([...rows(1), "1,99,1", ...rows(2)], 14, 2, /hit_id 99 is not a hit of event 1/));
  it("rejects an unknown event at its line", () =>
    rejects([...rows(1), "3,1,1"], 14, 1, /event_id 3 is not an event of this test set/));
  it("rejects a submission that leaves out an event", () =>
    rejects(rows(1), undefined, undefined, /1 test event\(s\) have no rows, the first is event_id 2/));
  it("rejects a negative or fractional track_id", async () => {
    await rejects([...rows(1).slice(0, 3), "1,4,-2"], 5, 3, /track_id: "-2" is not a non-negative integer/);
    await rejects([...rows(1).slice(0, 3), "1,4,2.5"], 5, 3, /track_id: unexpected character "."/);
  });
  it("rejects a track_id above 2^64 − 1", () => rejects(["1,1,18446744073709551616"], 2, 3, /unsigned 64-bit integer/));
  it("rejects a wrong header and a wrong column count", async () => {
    await rejects(rows(1), 1, 1, /header must be "event_id,hit_id,track_id"/, "event,hit,track");
    await rejects(["1,1"], 2, 2, /expected 3 columns/);
    await rejects(["1,1,1,1"], 2, 4, /expected 3 columns .* found 4/);
  });
  it("rejects NaN where a number must be", () =>
    rejects(["1,nan,1"], 2, 2, /hit_id: "nan" is not a non-negative integer/));
});
