import { createWriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { GeneratedFile } from "../shared/definition.ts";
import { subSeed, type Seed } from "../shared/random.ts";
import { generateEvent, type TrackmlEvent } from "./generate-events.ts";

export interface TrackmlSizes {
  seed: Seed;
  trainEvents: number;
  testEvents: number;
  hitsPerEvent: number;
}

/** Official file names: event000001000-hits.csv. */
export const eventFile = (eventId: number, kind: "hits" | "cells" | "particles" | "truth") =>
  `event${String(eventId).padStart(9, "0")}-${kind}.csv`;
export const TRUTH_FILE = "test_truth.csv.gz";
export const TRAIN_FIRST_EVENT = 1000;

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
  yield "particle_id,vx,vy,vz,px,py,pz,q,nhits,particle_type\n";
  for (const [i, p] of e.particles.entries())
    yield `${p.particleId},${g6(p.vx)},${g6(p.vy)},${g6(p.vz)},${g6(p.px)},${g6(p.py)},${g6(p.pz)},${p.q},${nhits[i]},${p.type}\n`;
}

function* truthLines(e: TrackmlEvent, eventId?: number) {
  const prefix = eventId === undefined ? "" : `${eventId},`;
  for (const [i, h] of e.hits.entries()) {
    const particleId = h.particle < 0 ? 0n : e.particles[h.particle].particleId;
    yield `${prefix}${i + 1},${particleId},${f4(h.tx)},${f4(h.ty)},${f4(h.tz)},${g6(h.tpx)},${g6(h.tpy)},${g6(h.tpz)},${Number(e.weights[i].toPrecision(10))}\n`;
  }
}

const TRUTH_HEADER = "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n";

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
 * Training events (hits, cells, particles, truth; public), test events (hits
 * and cells; participants) and the test truth in one gzipped CSV with an
 * event_id column in front (the scorer's answer key). The particle ids,
 * columns and weights are the official ones.
 */
export async function writeTrackmlDataset(dir: string, sizes: TrackmlSizes): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const add = (name: string, dataset: string, access: GeneratedFile["access"]) => {
    const file = { name, dataset, access, path: path.join(dir, name) };
    files.push(file);
    return file.path;
  };
  for (let i = 0; i < sizes.trainEvents; i++) {
    const id = TRAIN_FIRST_EVENT + i;
    const e = generateEvent(subSeed(sizes.seed, `event-${id}`), sizes.hitsPerEvent);
    await writeLines(add(eventFile(id, "hits"), "Training events", "PUBLIC"), hitsLines(e));
    await writeLines(add(eventFile(id, "cells"), "Training events", "PUBLIC"), cellsLines(e));
    await writeLines(add(eventFile(id, "particles"), "Training events", "PUBLIC"), particlesLines(e));
    await writeLines(add(eventFile(id, "truth"), "Training events", "PUBLIC"), [TRUTH_HEADER, ...truthLines(e)]);
  }
  const truth = createGzip();
  const truthDone = pipeline(truth, createWriteStream(add(TRUTH_FILE, "Answer key", "TRUTH")));
  const put = async (s: string) => {
    if (!truth.write(s)) await once(truth, "drain");
  };
  await put(`event_id,${TRUTH_HEADER}`);
  for (let id = 0; id < sizes.testEvents; id++) {
    const e = generateEvent(subSeed(sizes.seed, `event-${id}`), sizes.hitsPerEvent);
    await writeLines(add(eventFile(id, "hits"), "Test events", "PARTICIPANTS"), hitsLines(e));
    await writeLines(add(eventFile(id, "cells"), "Test events", "PARTICIPANTS"), cellsLines(e));
    for (const chunk of chunked(truthLines(e, id))) await put(chunk);
  }
  truth.end();
  await truthDone;
  return files;
}
