import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { BUILT_IN_BUNDLES } from "../built-in-bundles.ts";
import type { GeneratedFile } from "../shared/definition.ts";
import { subSeed, type Seed } from "../shared/random.ts";
import { writeZip } from "../shared/zip-archive.ts";
import { detectorModules, generateEvent, type TrackmlEvent } from "./generate-events.ts";

/** The Python baseline of the throughput phase (throughput/model.py, embedded: the web app reads no source files). */
export const baselineModel = (): string => BUILT_IN_BUNDLES.trackml["throughput/model.py"];

export interface TrackmlSizes {
  seed: Seed;
  trainEvents: number;
  testEvents: number;
  hitsPerEvent: number;
  /** Events of the throughput phase's hidden inputs (0: none). */
  throughputEvents?: number;
}

/** Official file names: event000001000-hits.csv. */
export const eventFile = (eventId: number, kind: "hits" | "cells" | "particles" | "truth") =>
  `event${String(eventId).padStart(9, "0")}-${kind}.csv`;
export const TRUTH_FILE = "test_truth.csv.gz";
/** The throughput phase: hidden inputs (hits only), their truth, public sample inputs and the Python baseline. */
export const THROUGHPUT_INPUTS = "throughput_inputs.zip";
export const THROUGHPUT_TRUTH = "throughput_truth.csv.gz";
export const THROUGHPUT_SAMPLE = "throughput_sample.zip";
export const THROUGHPUT_BASELINE = "baseline_model.py";
const THROUGHPUT_FIRST_EVENT = 2000;
const THROUGHPUT_SAMPLE_EVENT = 3000;
export const TRAIN_FIRST_EVENT = 1000;
/** The Kaggle release's folders (and archives): training events in train_1, test events in test. */
export const TRAIN_FOLDER = "train_1";
export const TEST_FOLDER = "test";

const f4 = (v: number) => v.toFixed(4);
const g6 = (v: number) => Number(v.toPrecision(6)).toString();

function* hitsLines(e: TrackmlEvent) {
  yield "hit_id,x,y,z,volume_id,layer_id,module_id\n";
  for (const [i, h] of e.hits.entries())
    yield `${i + 1},${f4(h.x)},${f4(h.y)},${f4(h.z)},${h.volume},${h.layer},${h.module}\n`;
}

function* cellsLines(e: TrackmlEvent) {
  yield "hit_id,ch0,ch1,value\n";
  for (const [i, h] of e.hits.entries()) {
    // One to three pixels or strips per hit, from the hit's local position.
    const ch0 = Math.floor(Math.abs(h.x * 20)) % 1152;
    const ch1 = Math.floor(Math.abs(h.z * 20)) % 576;
    const n = 1 + ((i * 2654435761) >>> 30);
    for (let k = 0; k < Math.min(3, n); k++) yield `${i + 1},${ch0 + k},${ch1},${g6(0.05 + ((i + k) % 7) * 0.05)}\n`;
  }
}

function* particlesLines(e: TrackmlEvent) {
  const nhits = new Int32Array(e.particles.length);
  for (const p of e.particleOf) if (p >= 0) nhits[p]++;
  // The Kaggle files' columns (no particle_type).
  yield "particle_id,vx,vy,vz,px,py,pz,q,nhits\n";
  for (const [i, p] of e.particles.entries())
    yield `${p.particleId},${g6(p.vx)},${g6(p.vy)},${g6(p.vz)},${g6(p.px)},${g6(p.py)},${g6(p.pz)},${p.q},${nhits[i]}\n`;
}

function* truthLines(e: TrackmlEvent, eventId?: number) {
  const prefix = eventId === undefined ? "" : `${eventId},`;
  for (const [i, h] of e.hits.entries()) {
    const particleId = h.particle < 0 ? 0n : e.particles[h.particle].particleId;
    yield `${prefix}${i + 1},${particleId},${f4(h.tx)},${f4(h.ty)},${f4(h.tz)},${g6(h.tpx)},${g6(h.tpy)},${g6(h.tpz)},${Number(e.weights[i].toPrecision(10))}\n`;
  }
}

const TRUTH_HEADER = "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n";

function* detectorLines() {
  yield "volume_id,layer_id,module_id,cx,cy,cz,rot_xu,rot_xv,rot_xw,rot_yu,rot_yv,rot_yw,rot_zu,rot_zv,rot_zw,module_t,module_minhu,module_maxhu,module_hv,pitch_u,pitch_v\n";
  for (const m of detectorModules()) {
    const rot = [0, 1, 2].flatMap((axis) => [m.u[axis], m.v[axis], m.w[axis]]);
    yield `${m.volume},${m.layer},${m.module},${m.c.map(g6).join(",")},${rot.map(g6).join(",")},${g6(m.thickness)},${g6(m.minHu)},${g6(m.maxHu)},${g6(m.hv)},${g6(m.pitchU)},${g6(m.pitchV)}\n`;
  }
}

/** Lines joined into large chunks (the generators yield one line each). */
function* chunked(lines: Iterable<string>): Generator<string> {
  let buffer: string[] = [];
  for (const line of lines) {
    buffer.push(line);
    if (buffer.length === 8192) {
      yield buffer.join("");
      buffer = [];
    }
  }
  if (buffer.length) yield buffer.join("");
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunked(lines)), createWriteStream(file));
}

/**
 * The Kaggle release's layout: `train_1.zip` (folder train_1/: hits, cells,
 * particles and truth of the training events, numbered from 1000; public),
 * `test.zip` (folder test/: hits and cells of the test events, numbered from
 * 0; participants), `detectors.csv` and `sample_submission.csv`; the test
 * events' hits and cells also one file each (for the event display and
 * quick looks); and the test truth in one gzipped CSV with an event_id
 * column in front (the scorer's answer key, truth level). Particle ids,
 * columns, hit order and weights are the official ones.
 */
export async function writeTrackmlDataset(dir: string, sizes: TrackmlSizes): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const add = (name: string, dataset: string, access: GeneratedFile["access"], at = path.join(dir, name)) => {
    files.push({ name, dataset, access, path: at });
    return at;
  };
  const folder = (name: string) => {
    mkdirSync(path.join(dir, name), { recursive: true });
    return (file: string) => path.join(dir, name, file);
  };
  const train = folder(TRAIN_FOLDER);
  const trainEntries: string[] = [];
  for (let i = 0; i < sizes.trainEvents; i++) {
    const id = TRAIN_FIRST_EVENT + i;
    const e = generateEvent(subSeed(sizes.seed, `event-${id}`), sizes.hitsPerEvent);
    const parts: [Parameters<typeof eventFile>[1], Iterable<string>][] = [
      ["hits", hitsLines(e)],
      ["cells", cellsLines(e)],
      ["particles", particlesLines(e)],
      ["truth", [TRUTH_HEADER, ...truthLines(e)]],
    ];
    for (const [kind, lines] of parts) {
      await writeLines(train(eventFile(id, kind)), lines);
      trainEntries.push(eventFile(id, kind));
    }
  }
  const zipOf = (name: string, entries: string[]) =>
    writeZip(
      path.join(dir, `${name}.zip`),
      entries.map((f) => ({ name: `${name}/${f}`, path: path.join(dir, name, f) })),
    );
  await zipOf(TRAIN_FOLDER, trainEntries);
  add(`${TRAIN_FOLDER}.zip`, "Training events", "PUBLIC");
  await writeLines(add("detectors.csv", "Training events", "PUBLIC"), detectorLines());

  const test = folder(TEST_FOLDER);
  const testEntries: string[] = [];
  const truth = createGzip();
  const truthDone = pipeline(truth, createWriteStream(add(TRUTH_FILE, "Answer key", "TRUTH")));
  const put = async (s: string) => {
    if (!truth.write(s)) await once(truth, "drain");
  };
  // Every test hit in a track of its own: a valid submission that scores 0 (the Kaggle sample's shape).
  const sample = createWriteStream(add("sample_submission.csv", "Test events", "PARTICIPANTS"));
  const sampleDone = once(sample, "close");
  const sampleLine = async (s: string) => {
    if (!sample.write(s)) await once(sample, "drain");
  };
  await sampleLine("event_id,hit_id,track_id\n");
  await put(`event_id,${TRUTH_HEADER}`);
  for (let id = 0; id < sizes.testEvents; id++) {
    const e = generateEvent(subSeed(sizes.seed, `event-${id}`), sizes.hitsPerEvent);
    for (const [kind, lines] of [
      ["hits", hitsLines(e)],
      ["cells", cellsLines(e)],
    ] as const) {
      await writeLines(add(eventFile(id, kind), "Test events", "PARTICIPANTS", test(eventFile(id, kind))), lines);
      testEntries.push(eventFile(id, kind));
    }
    for (const chunk of chunked(truthLines(e, id))) await put(chunk);
    const rows: string[] = [];
    for (let h = 1; h <= e.hits.length; h++) rows.push(`${id},${h},${h}\n`);
    await sampleLine(rows.join(""));
  }
  truth.end();
  await truthDone;
  sample.end();
  await sampleDone;
  await zipOf(TEST_FOLDER, testEntries);
  add(`${TEST_FOLDER}.zip`, "Test events", "PARTICIPANTS");
  if (sizes.throughputEvents) await writeThroughputData(dir, sizes, add);
  return files;
}

/**
 * The throughput phase's data: new events whose hits only the ingestion
 * sandbox reads (throughput_inputs.zip, truth level, so nobody downloads
 * them) and their truth; one more event's hits as the public sample inputs
 * a program is first run on; the Python baseline. The demo's throughput
 * events are lighter (a fifth of the hits) so that its baseline reaches the
 * accuracy of 0.5 where the throughput score begins.
 */
async function writeThroughputData(
  dir: string,
  sizes: TrackmlSizes,
  add: (name: string, dataset: string, access: GeneratedFile["access"], at?: string) => string,
): Promise<void> {
  const folder = path.join(dir, "throughput");
  mkdirSync(folder, { recursive: true });
  const hits = Math.max(100, Math.round(sizes.hitsPerEvent / 5));
  const truth = createGzip();
  const truthDone = pipeline(truth, createWriteStream(add(THROUGHPUT_TRUTH, "Answer key", "TRUTH")));
  truth.write(`event_id,${TRUTH_HEADER}`);
  const hidden: { name: string; path: string }[] = [];
  const count = sizes.throughputEvents ?? 0;
  for (let k = 0; k <= count; k++) {
    // The last one is the public sample.
    const id = k < count ? THROUGHPUT_FIRST_EVENT + k : THROUGHPUT_SAMPLE_EVENT;
    const e = generateEvent(subSeed(sizes.seed, `throughput-event-${id}`), hits);
    const file = path.join(folder, eventFile(id, "hits"));
    await writeLines(file, hitsLines(e));
    if (k === count) {
      await writeZip(add(THROUGHPUT_SAMPLE, "Throughput", "PUBLIC"), [
        { name: `sample/${eventFile(id, "hits")}`, path: file },
      ]);
      break;
    }
    hidden.push({ name: `throughput/${eventFile(id, "hits")}`, path: file });
    for (const chunk of chunked(truthLines(e, id))) if (!truth.write(chunk)) await once(truth, "drain");
  }
  truth.end();
  await truthDone;
  await writeZip(add(THROUGHPUT_INPUTS, "Throughput", "TRUTH"), hidden);
  writeFileSync(add(THROUGHPUT_BASELINE, "Throughput", "PUBLIC"), baselineModel());
}
