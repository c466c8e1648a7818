// TrackML scorer: submission `event_id,hit_id,track_id`, one row per truth
// hit; truth as in ../trackml/truth.ts. Events are scored one by one while
// the submission streams past, so memory stays flat in the number of events
// when each event's rows are contiguous (the usual layout). A submission
// whose events are interleaved is read again with all rows held, event by
// event, and scored the same way.
import path from "node:path";
import { bootstrap, type Interval } from "../metrics/bootstrap.ts";
import { scoreTrackmlEvent, type EventScore } from "../metrics/trackml-score.ts";
import { ByteCursor } from "../parse/byte-cursor.ts";
import { expectHeader, readCsvHeader } from "../parse/csv-header.ts";
import { float64s, int32s } from "../parse/growable.ts";
import { InputError, organizerFault } from "../parse/input-error.ts";
import { DEFAULT_LIMITS, lineChunks, type ReadLimits } from "../parse/read-input.ts";
import { IdTable } from "../trackml/id-table.ts";
import { openTruth, type TruthEvent, type TruthSource } from "../trackml/truth.ts";

const COLUMNS = ["event_id", "hit_id", "track_id"] as const;

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
}

export interface TrackmlOptions {
  limits?: ReadLimits;
  bootstrap?: { resamples: number; seed: number };
}

export async function scoreTrackml(truthPath: string, submissionPath: string, options: TrackmlOptions = {}): Promise<TrackmlScores> {
  const truth = await openTruth(truthPath).catch(organizerError);
  const label = path.basename(submissionPath);
  const limits = options.limits ?? DEFAULT_LIMITS;
  let perEvent = await readAndScore(truth, submissionPath, label, limits, "contiguous");
  perEvent ??= (await readAndScore(truth, submissionPath, label, limits, "held"))!;
  return summarize(truth.eventIds, perEvent, options.bootstrap);
}

function organizerError(e: unknown): never {
  throw organizerFault(e);
}

/** The submitted rows of one event, as parsed. */
class EventRows {
  hitIds = int32s(1 << 14);
  trackHi = float64s(1 << 14);
  trackLo = float64s(1 << 14);
  lines = int32s(1 << 14);
  constructor(readonly eventId: number) {}
}

/**
 * Streams the submission. In "contiguous" mode each event is scored as soon
 * as the next begins; returns undefined if an event comes back after that,
 * so the caller can read again in "held" mode, which scores at the end.
 */
async function readAndScore(
  truth: TruthSource,
  file: string,
  label: string,
  limits: ReadLimits,
  mode: "contiguous" | "held",
): Promise<Map<number, EventScore> | undefined> {
  const known = new Set(truth.eventIds);
  // Held rows are bounded by the truth: an event never has more rows than hits.
  const hitCount = mode === "held" ? await hitCounts(truth) : undefined;
  const scored = new Map<number, EventScore>();
  const held = new Map<number, EventRows>();
  const table = new IdTable(1 << 16);
  let current: EventRows | undefined;
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
    const c = cursor;
    c.reset(chunk.subarray(from), line);
    const finished: EventRows[] = [];
    while (!c.atEnd()) {
      if (c.atBlankLine()) throw c.error("blank line inside the data", 1);
      const eventId = c.uint();
      if (current?.eventId !== eventId) {
        if (!known.has(eventId)) throw c.error(`event_id ${eventId} is not an event of this test set`, 1);
        if (mode === "contiguous") {
          if (current) finished.push(current);
          if (scored.has(eventId) || finished.some((e) => e.eventId === eventId)) return undefined;
          current = new EventRows(eventId);
        } else {
          current = held.get(eventId);
          if (!current) held.set(eventId, (current = new EventRows(eventId)));
        }
      }
      c.comma();
      const hitId = c.uint();
      if (hitId > 0x7fffffff) throw c.error(`hit_id ${hitId} is not a hit of event ${eventId}`);
      c.comma();
      c.uint64();
      c.endLine();
      if (hitCount && current!.hitIds.length >= hitCount.get(eventId)!) {
        throw new InputError(`event ${eventId} has more rows than its ${hitCount.get(eventId)} hits: hit_ids repeat or are unknown`, label, c.line - 1, 2);
      }
      current!.hitIds.push(hitId);
      current!.trackHi.push(c.hi);
      current!.trackLo.push(c.lo);
      current!.lines.push(c.line - 1);
    }
    line = c.line;
    for (const rows of finished) scored.set(rows.eventId, await scoreRows(rows, await truth.load(rows.eventId).catch(organizerError), table, label));
  }
  if (!cursor) throw new InputError("the file is empty", label);
  const rest = mode === "contiguous" ? (current ? [current] : []) : [...held.values()].sort((a, b) => a.eventId - b.eventId);
  for (const rows of rest) {
    scored.set(rows.eventId, await scoreRows(rows, await truth.load(rows.eventId).catch(organizerError), table, label));
    held.delete(rows.eventId);
  }
  const missing = truth.eventIds.filter((e) => !scored.has(e));
  if (missing.length) {
    throw new InputError(`${missing.length} test event(s) have no rows, the first is event_id ${missing[0]}`, label);
  }
  return scored;
}

async function hitCounts(truth: TruthSource): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const eventId of truth.eventIds) counts.set(eventId, (await truth.load(eventId).catch(organizerError)).hitIds.length);
  return counts;
}

/** Validates one event's rows against its truth and scores them. */
function scoreRows(rows: EventRows, truth: TruthEvent, table: IdTable, label: string): EventScore {
  const nHits = truth.hitIds.length;
  const track = new Int32Array(nHits);
  const seenOn = new Int32Array(nHits);
  const hitIds = rows.hitIds.view();
  const his = rows.trackHi.view();
  const los = rows.trackLo.view();
  const lines = rows.lines.view();
  table.clear(Math.min(hitIds.length, nHits));
  for (let r = 0; r < hitIds.length; r++) {
    const row = truth.rowOf(hitIds[r]);
    if (row < 0) throw new InputError(`hit_id ${hitIds[r]} is not a hit of event ${rows.eventId}`, label, lines[r], 2);
    if (seenOn[row] !== 0) {
      throw new InputError(`hit_id ${hitIds[r]} of event ${rows.eventId} appears twice (first on line ${seenOn[row]})`, label, lines[r], 2);
    }
    seenOn[row] = lines[r];
    track[row] = table.intern(his[r], los[r]);
  }
  if (hitIds.length < nHits) {
    const first = seenOn.indexOf(0);
    throw new InputError(
      `event ${rows.eventId}: ${nHits - hitIds.length} hit(s) have no track, the first is hit_id ${truth.hitIds[first]}; every hit needs a track_id`,
      label,
    );
  }
  return scoreTrackmlEvent({ ...truth, track, nTracks: table.size });
}

function summarize(eventIds: number[], perEvent: Map<number, EventScore>, boot?: { resamples: number; seed: number }): TrackmlScores {
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
    return [score / weight, reconstructible ? reconstructed / reconstructible : NaN, fakes / tracks, duplicates / tracks];
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
  };
}
