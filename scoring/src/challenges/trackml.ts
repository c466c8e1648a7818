// TrackML scorer: submission `event_id,hit_id,track_id`, one row per truth
// hit; truth as in ../trackml/truth.ts. Events are scored one by one while
// the submission streams past, so memory stays flat in the number of events
// when each event's rows are contiguous (the usual layout). A submission
// whose events are interleaved is read again with all rows held, event by
// event, and scored the same way.
import path from "node:path";
import { bootstrap, type Interval } from "../metrics/bootstrap.ts";
import { encodeReplicates, replicates } from "../metrics/paired-replicates.ts";
import { scoreTrackmlEvent, type EventScore } from "../metrics/trackml-score.ts";
import { ByteCursor } from "../parse/byte-cursor.ts";
import { idKey, readIdDigits } from "../parse/id-digits.ts";
import { expectHeader, readCsvHeader } from "../parse/csv-header.ts";
import { float64s, int32s, type Growable } from "../parse/growable.ts";
import { InputError, organizerFault } from "../parse/input-error.ts";
import { DEFAULT_LIMITS, lineChunks, type ReadLimits } from "../parse/read-input.ts";
import { IdTable } from "../trackml/id-table.ts";
import { openTruth, type TruthEvent, type TruthSource } from "../trackml/truth.ts";

const COLUMNS = ["event_id", "hit_id", "track_id"] as const;
// Byte values as local constants: imported ones are not folded into the hot
// loops (measured 0.5–0.9 s slower over the TrackML benchmark).
const [ZERO, NINE, COMMA, LF, CR] = [48, 57, 44, 10, 13];

export interface TrackmlScores {
  /** Mean of the event scores. */
  score: number;
  /** Pooled over events: matched reconstructible particles / reconstructible particles. */
  efficiency: number;
  /** Pooled over events: fake tracks / submitted tracks. */
  fakeRate: number;
  /** Pooled over events: duplicate tracks / submitted tracks. */
  duplicateRate: number;
  events: { eventId: number; score: number }[];
  nEvents: number;
  nTracks: number;
  ci?: Record<"score" | "efficiency" | "fakeRate" | "duplicateRate", Interval>;
  /** Paired-bootstrap replicates over events (paired-replicates.ts), when asked for. */
  replicates?: Record<"score" | "efficiency" | "fakeRate" | "duplicateRate", string>;
  /** For the event display: the participant's tracks on the first test event (not truth). */
  curves: { display: TrackDisplay };
}

/**
 * The submitted track of every hit of one event, as dense indices in the
 * order of the event's hit_ids (1 … n in the official files; `hitIds` is
 * given only when they are not). Holds nothing from the truth but the hits'
 * ids, which the participant's hits file already has.
 */
export interface TrackDisplay {
  eventId: number;
  track: number[];
  hitIds?: number[];
}

export interface TrackmlOptions {
  limits?: ReadLimits;
  bootstrap?: { resamples: number; seed: number };
  replicates?: { resamples: number; seed: number };
}

export async function scoreTrackml(
  truthPath: string,
  submissionPath: string,
  options: TrackmlOptions = {},
): Promise<TrackmlScores> {
  const read = await readTrackml(truthPath, submissionPath, options.limits);
  return { ...summarizeTrackml(read.eventIds, read.perEvent, options), curves: read.curves };
}

/** Every event's score of a submission, before they are summed up (over all events, or over a subset). */
export interface TrackmlEvents {
  eventIds: number[];
  perEvent: Map<number, EventScore>;
  curves: { display: TrackDisplay };
}

export async function readTrackml(
  truthPath: string,
  submissionPath: string,
  givenLimits?: ReadLimits,
): Promise<TrackmlEvents> {
  const truth = await openTruth(truthPath).catch(organizerError);
  const label = path.basename(submissionPath);
  const limits = givenLimits ?? DEFAULT_LIMITS;
  const display: TrackDisplay[] = [];
  const keep = (eventId: number, truthEvent: TruthEvent, track: Int32Array) => {
    if (eventId === truth.eventIds[0]) display[0] = displayOf(eventId, truthEvent, track);
  };
  let perEvent = await readAndScore(truth, submissionPath, label, limits, "contiguous", keep);
  perEvent ??= (await readAndScore(truth, submissionPath, label, limits, "held", keep))!;
  return { eventIds: truth.eventIds, perEvent, curves: { display: display[0] } };
}

function displayOf(eventId: number, truth: TruthEvent, track: Int32Array): TrackDisplay {
  const order = Array.from(truth.hitIds.keys()).sort((a, b) => truth.hitIds[a] - truth.hitIds[b]);
  const hitIds = order.map((row) => truth.hitIds[row]);
  const contiguous = hitIds.every((id, i) => id === i + 1);
  return { eventId, track: order.map((row) => track[row]), ...(contiguous ? {} : { hitIds }) };
}

function organizerError(e: unknown): never {
  throw organizerFault(e);
}

/** The submitted rows of one event, as parsed. */
class EventRows {
  hitIds = int32s(1 << 14);
  trackHi = float64s(1 << 14);
  trackLo = float64s(1 << 14);
  /** Line of each row; only when rows may be interleaved ("held" mode). */
  lines?: Growable<Int32Array>;
  constructor(
    readonly eventId: number,
    /** Line of the first row; in "contiguous" mode row r is on line firstLine + r. */
    readonly firstLine: number,
    held: boolean,
  ) {
    if (held) this.lines = int32s(1 << 14);
  }

  lineOf(row: number): number {
    return this.lines ? this.lines.data[row] : this.firstLine + row;
  }
}

type Mode = "contiguous" | "held";

/**
 * Streams the submission. In "contiguous" mode each event is scored as soon
 * as the next begins; returns undefined if an event comes back after that,
 * so the caller can read again in "held" mode, which scores at the end.
 */
type Keep = (eventId: number, truth: TruthEvent, track: Int32Array) => void;

async function readAndScore(
  truth: TruthSource,
  file: string,
  label: string,
  limits: ReadLimits,
  mode: Mode,
  keep: Keep,
): Promise<Map<number, EventScore> | undefined> {
  // Held rows are bounded by the truth: an event never has more rows than hits.
  const rows = new SubmissionRows(truth.eventIds, mode === "held" ? await hitCounts(truth) : undefined);
  const scored = new Map<number, EventScore>();
  const table = new IdTable(1 << 16);
  const score = async (r: EventRows) =>
    scored.set(r.eventId, scoreRows(r, await truth.load(r.eventId).catch(organizerError), table, label, keep));
  let cursor: ByteCursor | undefined;
  let line = 2;
  for await (const chunk of lineChunks(file, limits, label)) {
    let from = 0;
    if (!cursor) {
      const header = readCsvHeader(chunk, label);
      expectHeader(header.names, COLUMNS, label);
      cursor = new ByteCursor(label, COLUMNS);
      from = header.next;
    }
    cursor.reset(chunk.subarray(from), line);
    if (!rows.read(cursor, (eventId) => scored.has(eventId))) return undefined;
    line = cursor.line;
    for (const r of rows.finished.splice(0)) await score(r);
  }
  if (!cursor) throw new InputError("the file is empty", label);
  for (const r of rows.rest()) await score(r);
  const missing = truth.eventIds.filter((e) => !scored.has(e));
  if (missing.length) {
    throw new InputError(`${missing.length} test event(s) have no rows, the first is event_id ${missing[0]}`, label);
  }
  return scored;
}

/**
 * Parses submission rows into EventRows. In "contiguous" mode an event's rows
 * are finished when the next event begins; in "held" mode (hit counts given)
 * every event stays open until the end.
 */
class SubmissionRows {
  /** Events whose rows are complete, to be scored. */
  finished: EventRows[] = [];
  private current?: EventRows;
  private readonly held = new Map<number, EventRows>();
  private readonly known: Set<number>;

  constructor(
    eventIds: number[],
    private readonly hitCount?: Map<number, number>,
  ) {
    this.known = new Set(eventIds);
  }

  /**
   * Reads the cursor's chunk. Returns false, in "contiguous" mode, when an
   * event comes back after its rows were finished.
   */
  read(c: ByteCursor, wasScored: (eventId: number) => boolean): boolean {
    const end = c.end;
    while (c.pos < end) {
      this.readRowsOfCurrent(c);
      if (c.pos >= end) break;
      // A row the fast loop did not take: a new event, or anything unusual.
      if (c.atBlankLine()) throw c.error("blank line inside the data", 1);
      const eventId = c.uint();
      if (this.current?.eventId !== eventId && !this.switchTo(eventId, c, wasScored)) return false;
      c.comma();
      const hitId = c.uint();
      if (hitId > 0x7fffffff) throw c.error(`hit_id ${hitId} is not a hit of event ${eventId}`);
      c.comma();
      c.uint64();
      c.endLine();
      this.add(hitId, c.hi, c.lo, c.file, c.line - 1);
    }
    return true;
  }

  /** Events still open at the end, in ascending event order when held. */
  rest(): EventRows[] {
    if (!this.hitCount) return [...this.finished.splice(0), ...(this.current ? [this.current] : [])];
    return [...this.held.values()].sort((a, b) => a.eventId - b.eventId);
  }

  private switchTo(eventId: number, c: ByteCursor, wasScored: (eventId: number) => boolean): boolean {
    if (!this.known.has(eventId)) throw c.error(`event_id ${eventId} is not an event of this test set`, 1);
    if (this.hitCount) {
      let rows = this.held.get(eventId);
      if (!rows) this.held.set(eventId, (rows = new EventRows(eventId, c.line, true)));
      this.current = rows;
      return true;
    }
    if (this.current) this.finished.push(this.current);
    if (wasScored(eventId) || this.finished.some((e) => e.eventId === eventId)) return false;
    this.current = new EventRows(eventId, c.line, false);
    return true;
  }

  private add(hitId: number, hi: number, lo: number, file: string, line: number): void {
    const rows = this.current!;
    if (this.hitCount && rows.hitIds.length >= this.hitCount.get(rows.eventId)!) {
      throw new InputError(
        `event ${rows.eventId} has more rows than its ${this.hitCount.get(rows.eventId)} hits: hit_ids repeat or are unknown`,
        file,
        line,
        2,
      );
    }
    rows.hitIds.push(hitId);
    rows.trackHi.push(hi);
    rows.trackLo.push(lo);
    rows.lines?.push(line);
  }

  /**
   * The usual rows, fast: plain digits, the current event, a hit_id of at
   * most 9 digits and a track_id of at most 19 without leading zeros, in
   * contiguous mode. Stops at the first other row, which read() takes with
   * the cursor (same results, located errors).
   */
  private readRowsOfCurrent(c: ByteCursor): void {
    const rows = this.current;
    if (!rows || this.hitCount) return;
    const buf = c.buf;
    const end = c.end;
    const eventId = rows.eventId;
    let pos = c.pos;
    const before = rows.hitIds.length;
    let n = before;
    let capacity = 0;
    let [hits, his, los] = [rows.hitIds.data, rows.trackHi.data, rows.trackLo.data];
    while (pos < end) {
      if (n >= capacity) {
        rows.hitIds.length = rows.trackHi.length = rows.trackLo.length = n;
        const more = Math.max(n, 1 << 14);
        [hits, his, los] = [rows.hitIds.reserve(more), rows.trackHi.reserve(more), rows.trackLo.reserve(more)];
        capacity = n + more;
      }
      let p = pos;
      let ch = buf[p];
      let event = 0;
      while (ch >= ZERO && ch <= NINE) {
        event = event * 10 + (ch - ZERO);
        ch = buf[++p];
      }
      if (ch !== COMMA || event !== eventId || p - pos > 15 || p === pos) break;
      const hitStart = ++p;
      let hit = 0;
      while ((ch = buf[p]) >= ZERO && ch <= NINE) {
        hit = hit * 10 + (ch - ZERO);
        p++;
      }
      if (ch !== COMMA || p === hitStart || p - hitStart > 9) break;
      p = readIdDigits(buf, p + 1);
      if (p < 0) break;
      ch = buf[p];
      if (ch === CR) ch = buf[++p];
      if (ch !== LF) break;
      hits[n] = hit;
      his[n] = idKey[0];
      los[n] = idKey[1];
      n++;
      pos = p + 1;
    }
    c.line += n - before;
    rows.hitIds.length = rows.trackHi.length = rows.trackLo.length = n;
    c.pos = pos;
  }
}

async function hitCounts(truth: TruthSource): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const eventId of truth.eventIds)
    counts.set(eventId, (await truth.load(eventId).catch(organizerError)).hitIds.length);
  return counts;
}

/** Validates one event's rows against its truth and scores them. */
function scoreRows(rows: EventRows, truth: TruthEvent, table: IdTable, label: string, keep: Keep): EventScore {
  const nHits = truth.hitIds.length;
  const track = new Int32Array(nHits);
  const seenOn = new Int32Array(nHits);
  const hitIds = rows.hitIds.view();
  const his = rows.trackHi.view();
  const los = rows.trackLo.view();
  table.clear(Math.min(hitIds.length, nHits));
  for (let r = 0; r < hitIds.length; r++) {
    const row = truth.rowOf(hitIds[r]);
    if (row < 0)
      throw new InputError(`hit_id ${hitIds[r]} is not a hit of event ${rows.eventId}`, label, rows.lineOf(r), 2);
    if (seenOn[row] !== 0) {
      throw new InputError(
        `hit_id ${hitIds[r]} of event ${rows.eventId} appears twice (first on line ${seenOn[row]})`,
        label,
        rows.lineOf(r),
        2,
      );
    }
    seenOn[row] = rows.lineOf(r);
    track[row] = table.intern(his[r], los[r]);
  }
  if (hitIds.length < nHits) {
    const first = seenOn.indexOf(0);
    throw new InputError(
      `event ${rows.eventId}: ${nHits - hitIds.length} hit(s) have no track, the first is hit_id ${truth.hitIds[first]}; every hit needs a track_id`,
      label,
    );
  }
  keep(rows.eventId, truth, track);
  return scoreTrackmlEvent({ ...truth, track, nTracks: table.size });
}

/** The scores over the given events (all of a submission's, or one side of the public/private split). */
export function summarizeTrackml(
  eventIds: number[],
  perEvent: Map<number, EventScore>,
  { bootstrap: boot, replicates: shared }: Omit<TrackmlOptions, "limits"> = {},
): Omit<TrackmlScores, "curves"> {
  const scores = eventIds.map((e) => perEvent.get(e)!);
  const pooled = (counts: ArrayLike<number>) => {
    let score = 0;
    let weight = 0;
    let reconstructed = 0;
    let reconstructible = 0;
    let fakes = 0;
    let duplicates = 0;
    let tracks = 0;
    scores.forEach((s, i) => {
      const c = counts[i];
      score += c * s.score;
      weight += c;
      reconstructed += c * s.reconstructed;
      reconstructible += c * s.reconstructible;
      fakes += c * s.fakeTracks;
      duplicates += c * s.duplicateTracks;
      tracks += c * s.tracks;
    });
    return [
      score / weight,
      reconstructible ? reconstructed / reconstructible : NaN,
      fakes / tracks,
      duplicates / tracks,
    ];
  };
  const [score, efficiency, fakeRate, duplicateRate] = pooled(new Int32Array(scores.length).fill(1));
  const names = ["score", "efficiency", "fakeRate", "duplicateRate"] as const;
  return {
    score,
    efficiency,
    fakeRate,
    duplicateRate,
    events: eventIds.map((eventId, i) => ({ eventId, score: scores[i].score })),
    nEvents: eventIds.length,
    nTracks: scores.reduce((a, s) => a + s.tracks, 0),
    ...(boot ? { ci: bootstrap(scores.length, names, pooled, boot) } : {}),
    ...(shared ? { replicates: encodeAll(names, replicates(scores.length, pooled, names.length, shared)) } : {}),
  };
}

function encodeAll<K extends string>(names: readonly K[], values: Float64Array[]): Record<K, string> {
  return Object.fromEntries(names.map((name, k) => [name, encodeReplicates(values[k])])) as Record<K, string>;
}
