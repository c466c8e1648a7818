// TrackML truth: a directory of official per-event files
// (`event<9 digits>-truth.csv[.gz]`, columns hit_id,particle_id,tx,ty,tz,
// tpx,tpy,tpz,weight), or one CSV with an event_id column in front of those.
// Only hit_id, particle_id and weight are parsed; the other columns are
// skipped byte by byte. The truth is the organizer's file: its errors are
// internal errors of the scoring run, never the participant's.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ByteCursor } from "../parse/byte-cursor.ts";
import { readCsvHeader } from "../parse/csv-header.ts";
import { float64s, int32s, type Growable } from "../parse/growable.ts";
import { InputError } from "../parse/input-error.ts";
import { lineChunks, readInput, type ReadLimits } from "../parse/read-input.ts";
import { compareIds, IdTable, ZERO_ID } from "./id-table.ts";

export interface TruthEvent {
  eventId: number;
  /** hit_id per truth row. */
  hitIds: Int32Array;
  /** Dense particle index per truth row; indices ascend with particle_id. */
  particle: Int32Array;
  nParticles: number;
  /** Dense index of particle_id 0 (noise), or -1. */
  noise: number;
  weight: Float64Array;
  /** Truth row of a hit_id, or -1 when the event has no such hit. */
  rowOf(hitId: number): number;
}

export interface TruthSource {
  /** Event ids, ascending. */
  eventIds: number[];
  load(eventId: number): Promise<TruthEvent>;
}

const TRUTH_LIMITS: ReadLimits = { maxBytes: 64 * 1024 ** 3, maxDecompressedBytes: 64 * 1024 ** 3, maxRatio: 1000 };
const EVENT_FILE = /^event(\d+)-truth\.csv(\.gz)?$/;

export async function openTruth(truthPath: string): Promise<TruthSource> {
  if ((await stat(truthPath)).isDirectory()) return openTruthDirectory(truthPath);
  const events = await readCombinedTruth(truthPath);
  return {
    eventIds: [...events.keys()].sort((a, b) => a - b),
    load: async (eventId) => events.get(eventId)!,
  };
}

async function openTruthDirectory(dir: string): Promise<TruthSource> {
  const files = new Map<number, string>();
  for (const name of await readdir(dir)) {
    const m = EVENT_FILE.exec(name);
    if (!m) continue;
    const eventId = Number(m[1]);
    if (files.has(eventId)) throw new Error(`truth directory: event ${eventId} has two truth files (${files.get(eventId)}, ${name})`);
    files.set(eventId, name);
  }
  if (files.size === 0) throw new Error(`truth directory ${path.basename(dir)} holds no event<id>-truth.csv[.gz] files`);
  const eventIds = [...files.keys()].sort((a, b) => a - b);
  const read = (eventId: number) => readInput(path.join(dir, files.get(eventId)!), TRUTH_LIMITS, files.get(eventId)!);
  // The next event's file is read while this one is parsed and scored.
  let ahead: { eventId: number; data: Promise<Buffer> } | undefined;
  return {
    eventIds,
    load: async (eventId) => {
      const data = ahead?.eventId === eventId ? ahead.data : read(eventId);
      const next = eventIds[eventIds.indexOf(eventId) + 1];
      ahead = next === undefined ? undefined : { eventId: next, data: read(next) };
      ahead?.data.catch(() => {}); // reported when that event is loaded
      const name = files.get(eventId)!;
      const group = new RawTruth(eventId);
      parseTruth([await data], name, false, () => group);
      return group.build(name);
    },
  };
}

async function readCombinedTruth(file: string): Promise<Map<number, TruthEvent>> {
  const name = path.basename(file);
  const groups = new Map<number, RawTruth>();
  await parseTruthAsync(lineChunks(file, TRUTH_LIMITS, name), name, (eventId) => {
    let g = groups.get(eventId);
    if (!g) groups.set(eventId, (g = new RawTruth(eventId)));
    return g;
  });
  if (groups.size === 0) throw new InputError("the truth file holds no rows", name);
  return new Map([...groups].map(([id, g]) => [id, g.build(name)]));
}

/** Truth rows of one event as parsed, before particles are made dense. */
class RawTruth {
  hitIds = int32s(1 << 16);
  particleHi = float64s(1 << 16);
  particleLo = float64s(1 << 16);
  weight = float64s(1 << 16);
  constructor(readonly eventId: number) {}

  build(file: string): TruthEvent {
    const n = this.hitIds.length;
    const hitIds = this.hitIds.view();
    const weight = this.weight.view();
    const his = this.particleHi.view();
    const los = this.particleLo.view();
    // Dense particle indices in ascending id order, so "lowest id" is "lowest index".
    const table = new IdTable(n / 4);
    const byAppearance = new Int32Array(n);
    for (let i = 0; i < n; i++) byAppearance[i] = table.intern(his[i], los[i]);
    const nParticles = table.size;
    const order = Array.from({ length: nParticles }, (_, k) => k).sort((a, b) =>
      compareIds(table.his[a], table.los[a], table.his[b], table.los[b]),
    );
    const rank = new Int32Array(nParticles);
    order.forEach((k, r) => (rank[k] = r));
    const particle = new Int32Array(n);
    for (let i = 0; i < n; i++) particle[i] = rank[byAppearance[i]];
    const noiseKey = order.findIndex((k) => table.his[k] === ZERO_ID.hi && table.los[k] === ZERO_ID.lo);

    let maxHit = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (hitIds[i] > maxHit) maxHit = hitIds[i];
      total += weight[i];
    }
    if (!(total > 0)) throw new InputError(`event ${this.eventId}: the truth weights sum to ${total}, not a positive number`, file);
    const rowOf = hitLookup(hitIds, maxHit, file, this.eventId);
    return { eventId: this.eventId, hitIds, particle, nParticles, noise: noiseKey, weight, rowOf };
  }
}

function hitLookup(hitIds: Int32Array, maxHit: number, file: string, eventId: number): (hitId: number) => number {
  const duplicate = (hitId: number) => new InputError(`event ${eventId}: hit_id ${hitId} appears twice in the truth`, file);
  if (maxHit <= 4 * hitIds.length + 1024) {
    const rows = new Int32Array(maxHit + 1).fill(-1);
    for (let i = 0; i < hitIds.length; i++) {
      if (rows[hitIds[i]] !== -1) throw duplicate(hitIds[i]);
      rows[hitIds[i]] = i;
    }
    return (hitId) => (hitId <= maxHit ? rows[hitId] : -1);
  }
  const rows = new Map<number, number>();
  for (let i = 0; i < hitIds.length; i++) {
    if (rows.has(hitIds[i])) throw duplicate(hitIds[i]);
    rows.set(hitIds[i], i);
  }
  return (hitId) => rows.get(hitId) ?? -1;
}

interface Layout {
  columns: string[];
  event: number;
  hit: number;
  particle: number;
  weight: number;
}

function layoutOf(names: string[], withEvent: boolean, file: string): Layout {
  const col = (name: string) => {
    const i = names.indexOf(name);
    if (i === -1) throw new InputError(`the truth header has no ${name} column (found "${names.join(",")}")`, file, 1);
    return i;
  };
  if (withEvent && names[0] !== "event_id") throw new InputError(`a combined truth file needs event_id as its first column (found "${names.join(",")}")`, file, 1, 1);
  return { columns: names, event: withEvent ? 0 : -1, hit: col("hit_id"), particle: col("particle_id"), weight: col("weight") };
}

type GroupFor = (eventId: number) => RawTruth;

async function parseTruthAsync(chunks: AsyncIterable<Buffer>, file: string, groupFor: GroupFor): Promise<void> {
  const state = new TruthParser(file, true, groupFor);
  for await (const chunk of chunks) state.chunk(chunk);
}

function parseTruth(chunks: Buffer[], file: string, withEvent: boolean, groupFor: GroupFor): void {
  const state = new TruthParser(file, withEvent, groupFor);
  for (const chunk of chunks) state.chunk(chunk);
}

class TruthParser {
  private cursor?: ByteCursor;
  private layout?: Layout;
  private line = 1;
  private group?: RawTruth;

  constructor(
    private readonly file: string,
    private readonly withEvent: boolean,
    private readonly groupFor: GroupFor,
  ) {}

  chunk(buf: Buffer): void {
    let from = 0;
    if (!this.layout) {
      const header = readCsvHeader(buf, this.file);
      this.layout = layoutOf(header.names, this.withEvent, this.file);
      this.cursor = new ByteCursor(this.file, header.names);
      from = header.next;
      this.line = 2;
      if (!this.withEvent) this.group = this.groupFor(-1);
    }
    const c = this.cursor!;
    c.reset(buf.subarray(from), this.line);
    const { columns, event, hit, particle, weight } = this.layout;
    const nCols = columns.length;
    let group = this.group;
    let groupEvent = group?.eventId ?? -1;
    let hits: Growable<Int32Array> | undefined = group?.hitIds;
    const fast = !this.withEvent && hit === 0 && particle === 1 && weight === nCols - 1 && nCols >= 3;
    if (fast) {
      this.line = parseStandardRows(c, group!, nCols);
      return;
    }
    while (!c.atEnd()) {
      if (c.atBlankLine()) throw c.error("blank line inside the data", 1);
      for (let col = 0; col < nCols; col++) {
        if (col > 0) c.comma();
        if (col === hit) {
          const h = c.uint();
          if (h > 0x7fffffff) throw c.error(`hit_id ${h} is too large`);
          hits!.push(h);
        } else if (col === particle) {
          c.uint64();
          group!.particleHi.push(c.hi);
          group!.particleLo.push(c.lo);
        } else if (col === weight) {
          const w = c.float();
          if (w < 0) throw c.error(`weight ${w} is negative`);
          group!.weight.push(w);
        } else if (col === event) {
          const e = c.uint();
          if (e !== groupEvent) {
            group = this.groupFor(e);
            groupEvent = e;
            hits = group.hitIds;
          }
        } else c.skipField();
      }
      c.endLine();
    }
    this.group = group;
    this.line = c.line;
  }
}

/**
 * The official per-event layout (hit_id, particle_id, …, weight): the columns
 * between particle_id and weight are not read at all; the line end is found
 * natively (memchr) and the weight parsed from the line's last comma.
 */
function parseStandardRows(c: ByteCursor, group: RawTruth, nCols: number): number {
  const buf = c.buf;
  const end = c.end;
  const middle = nCols - 3; // columns between particle_id and weight
  while (c.pos < end) {
    if (c.atBlankLine()) throw c.error("blank line inside the data", 1);
    const h = c.uint();
    if (h > 0x7fffffff) throw c.error(`hit_id ${h} is too large`);
    c.comma();
    c.uint64();
    c.comma();
    // Skip to the end of the line natively, then back to its last comma.
    let eol = buf.indexOf(10, c.pos);
    if (eol === -1) eol = end;
    let last = eol;
    while (last > c.pos && buf[last - 1] !== 44) last--;
    if (last === c.pos && middle > 0) {
      c.column = 3;
      throw c.error(`expected ${nCols} columns (${c.columns.join(",")}), found 3`, 4);
    }
    c.pos = last;
    c.column = nCols;
    const w = c.float();
    if (w < 0) throw c.error(`weight ${w} is negative`);
    c.endLine();
    group.hitIds.push(h);
    group.particleHi.push(c.hi);
    group.particleLo.push(c.lo);
    group.weight.push(w);
  }
  return c.line;
}
