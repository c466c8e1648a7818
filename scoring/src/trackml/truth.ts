// TrackML truth: a directory of official per-event files
// (`event<9 digits>-truth.csv[.gz]`, columns hit_id,particle_id,tx,ty,tz,
// tpx,tpy,tpz,weight), or one CSV with an event_id column in front of those.
// Only hit_id, particle_id and weight are parsed; the other columns are
// skipped byte by byte. The truth is the organizer's file: its errors are
// internal errors of the scoring run, never the participant's.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ByteCursor, scaledMantissa } from "../parse/byte-cursor.ts";
import { idKey, readIdDigits } from "../parse/id-digits.ts";
import { readCsvHeader } from "../parse/csv-header.ts";
import { float64s, int32s, type Growable } from "../parse/growable.ts";
import { InputError } from "../parse/input-error.ts";
import { lineChunks, readInput, type ReadLimits } from "../parse/read-input.ts";
import { ascendingOrder, IdTable, ZERO_ID } from "./id-table.ts";

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

// Byte values as local constants: imported ones are not folded into the hot
// loops (measured 0.5–0.9 s slower over the TrackML benchmark).
const [ZERO, NINE, COMMA, DOT, LF, CR, MINUS, PLUS, LOWER_E, UPPER_E] = [48, 57, 44, 46, 10, 13, 45, 43, 101, 69];
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
    if (files.has(eventId))
      throw new InputError(`event ${eventId} has two truth files (${files.get(eventId)}, ${name})`, path.basename(dir));
    files.set(eventId, name);
  }
  if (files.size === 0)
    throw new InputError("the truth folder holds no event<id>-truth.csv[.gz] files", path.basename(dir));
  const eventIds = [...files.keys()].sort((a, b) => a - b);
  // The next event's file is read while this one is parsed and scored. Two
  // buffers take turns, so each file is read into memory already mapped; a
  // buffer is read into again only once the read before has been parsed.
  const buffers: Buffer[] = [];
  const settled: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let turn = 0;
  const read = (eventId: number): Promise<Buffer> => {
    const k = (turn ^= 1);
    const name = files.get(eventId)!;
    const data = settled[k].then(() => readInput(path.join(dir, name), TRUTH_LIMITS, name, buffers[k]));
    settled[k] = data.then(
      (d) => {
        if (d.length > (buffers[k]?.length ?? 0)) buffers[k] = d;
      },
      () => {},
    );
    return data;
  };
  let ahead: { eventId: number; data: Promise<Buffer> } | undefined;
  const loadOne = async (eventId: number): Promise<TruthEvent> => {
    const data = ahead?.eventId === eventId ? ahead.data : read(eventId);
    const next = eventIds[eventIds.indexOf(eventId) + 1];
    ahead = next === undefined ? undefined : { eventId: next, data: read(next) };
    ahead?.data.catch(() => {}); // reported when that event is loaded
    const name = files.get(eventId)!;
    const group = new RawTruth(eventId);
    parseTruth([await data], name, false, () => group);
    return group.build(name);
  };
  // Loads run one at a time, so a buffer is never read into while parsed.
  let last: Promise<unknown> = Promise.resolve();
  return {
    eventIds,
    load: (eventId) => {
      const loaded = last.then(() => loadOne(eventId));
      last = loaded.catch(() => {});
      return loaded;
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
    const order = ascendingOrder(table.his, table.los, nParticles);
    const rank = new Int32Array(nParticles);
    for (let r = 0; r < nParticles; r++) rank[order[r]] = r;
    const particle = new Int32Array(n);
    for (let i = 0; i < n; i++) particle[i] = rank[byAppearance[i]];
    const noiseKey = order.findIndex((k) => table.his[k] === ZERO_ID.hi && table.los[k] === ZERO_ID.lo);

    let maxHit = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (hitIds[i] > maxHit) maxHit = hitIds[i];
      total += weight[i];
    }
    if (!(total > 0))
      throw new InputError(`event ${this.eventId}: the truth weights sum to ${total}, not a positive number`, file);
    const rowOf = hitLookup(hitIds, maxHit, file, this.eventId);
    return { eventId: this.eventId, hitIds, particle, nParticles, noise: noiseKey, weight, rowOf };
  }
}

function hitLookup(hitIds: Int32Array, maxHit: number, file: string, eventId: number): (hitId: number) => number {
  const duplicate = (hitId: number) =>
    new InputError(`event ${eventId}: hit_id ${hitId} appears twice in the truth`, file);
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
  if (withEvent && names[0] !== "event_id")
    throw new InputError(
      `a combined truth file needs event_id as its first column (found "${names.join(",")}")`,
      file,
      1,
      1,
    );
  return {
    columns: names,
    event: withEvent ? 0 : -1,
    hit: col("hit_id"),
    particle: col("particle_id"),
    weight: col("weight"),
  };
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
 * The official per-event layout (hit_id, particle_id, …, weight), where
 * nearly all the time goes. Lines of the usual shape (plain digits, no
 * leading zeros, a plain decimal weight) are parsed by one loop over local
 * variables; the columns between particle_id and weight are not read at all:
 * the line end is found natively (memchr) and the weight read back from the
 * line's last comma, in plain or exponent form (C++ streams write small
 * weights as 1.00001e-05). Any other line, valid or not, goes through `cursorRow`,
 * which accepts every valid form and reports located errors, so the fast
 * path changes speed, never results.
 */
function parseStandardRows(c: ByteCursor, group: RawTruth, nCols: number): number {
  const buf = c.buf;
  const end = c.end;
  let pos = c.pos;
  let line = c.line;
  let n = group.hitIds.length;
  let capacity = 0;
  let hits = group.hitIds.data;
  let his = group.particleHi.data;
  let los = group.particleLo.data;
  let weights = group.weight.data;
  const sync = () => {
    group.hitIds.length = group.particleHi.length = group.particleLo.length = group.weight.length = n;
  };
  while (pos < end) {
    if (n >= capacity) {
      sync();
      const more = Math.max(n, 1 << 14);
      hits = group.hitIds.reserve(more);
      his = group.particleHi.reserve(more);
      los = group.particleLo.reserve(more);
      weights = group.weight.reserve(more);
      capacity = n + more;
    }
    // biome-ignore lint/suspicious/noConfusingLabels: a labelled block is the fast path's way out to the general parser
    fast: {
      // hit_id: 1 to 9 digits, then a comma.
      let p = pos;
      let ch = buf[p];
      let hit = ch - ZERO;
      if (hit < 0 || hit > 9) break fast;
      while ((ch = buf[++p]) >= ZERO && ch <= NINE) hit = hit * 10 + (ch - ZERO);
      if (ch !== COMMA || p - pos > 9) break fast;
      // particle_id: 1 to 19 digits without leading zeros, then a comma;
      // the same (hi, lo) key as ByteCursor.uint64.
      p = readIdDigits(buf, p + 1);
      if (p < 0 || buf[p] !== COMMA) break fast;
      // The weight: from the line's last comma to its end.
      const eol = buf.indexOf(LF, p);
      if (eol === -1) break fast;
      const stop = buf[eol - 1] === CR ? eol - 1 : eol;
      let w = buf.lastIndexOf(COMMA, stop) + 1;
      if (w - 1 === p && nCols > 3) break fast; // too few columns
      // Digits, an optional point and digits: the same arithmetic as ByteCursor.float.
      let mantissa = 0;
      let significant = 0;
      let scale = 0;
      let anyDigit = false;
      while ((ch = buf[w]) >= ZERO && ch <= NINE) {
        anyDigit = true;
        if (significant > 0 || ch !== ZERO) {
          mantissa = mantissa * 10 + (ch - ZERO);
          significant++;
        }
        w++;
      }
      if (ch === DOT) {
        while ((ch = buf[++w]) >= ZERO && ch <= NINE) {
          anyDigit = true;
          if (significant > 0 || ch !== ZERO) {
            mantissa = mantissa * 10 + (ch - ZERO);
            significant++;
          }
          scale--;
        }
      }
      // An exponent, as C++ streams write small weights (1.00001e-05): e or E, a sign, 1 to 3 digits.
      if (ch === LOWER_E || ch === UPPER_E) {
        ch = buf[++w];
        const expNegative = ch === MINUS;
        if (ch === MINUS || ch === PLUS) ch = buf[++w];
        const expStart = w;
        let exp = 0;
        while ((ch = buf[w]) >= ZERO && ch <= NINE) {
          exp = exp * 10 + (ch - ZERO);
          w++;
        }
        if (w === expStart || w - expStart > 3) break fast;
        scale += expNegative ? -exp : exp;
      }
      if (w !== stop || !anyDigit || significant > 19) break fast;
      const weight = scaledMantissa(mantissa, significant, scale);
      if (Number.isNaN(weight)) break fast;
      hits[n] = hit;
      his[n] = idKey[0];
      los[n] = idKey[1];
      weights[n] = weight;
      n++;
      line++;
      pos = eol + 1;
      continue;
    }
    sync();
    c.pos = pos;
    c.line = line;
    c.column = 1;
    cursorRow(c, group, nCols);
    pos = c.pos;
    line = c.line;
    n = group.hitIds.length;
    capacity = 0; // reload the arrays
  }
  sync();
  c.pos = pos;
  c.line = line;
  return line;
}

/** One line of the official layout, read field by field with the cursor. */
function cursorRow(c: ByteCursor, group: RawTruth, nCols: number): void {
  const buf = c.buf;
  if (c.atBlankLine()) throw c.error("blank line inside the data", 1);
  const h = c.uint();
  if (h > 0x7fffffff) throw c.error(`hit_id ${h} is too large`);
  c.comma();
  c.uint64();
  c.comma();
  // Skip to the end of the line, then back to its last comma.
  let eol = buf.indexOf(LF, c.pos);
  if (eol === -1) eol = c.end;
  let last = eol;
  while (last > c.pos && buf[last - 1] !== COMMA) last--;
  if (last === c.pos && nCols > 3) {
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
