// The truth next to a TrackML event display: the true particle of every hit
// of the displayed test event. These are test labels, so they are shown only
// once the phase whose truth they are has closed; before that the answer says
// when they will be. Read from the truth version the submission was scored
// against, once per version and event (then cached).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openTruth } from "@unblind/scoring/trackml/truth.ts";
import { AppError } from "../errors/app-error.ts";
import type { Caller, Platform } from "../platform.ts";
import { getSubmission } from "./get-submission.ts";
import { releasePhaseSelect, resultsReleased } from "./results-release.ts";

export type DisplayTruth =
  | { shown: false; reason: string }
  | {
      shown: true;
      eventId: number;
      /** Dense index of the true particle of each hit, in the order of the display's hits; -1 for noise. */
      particle: number[];
    };

const cache = new Map<string, number[]>();
const CACHED = 20;

async function particlesOf(
  platform: Platform,
  truth: { id: string; key: string; name: string },
  eventId: number,
): Promise<number[]> {
  const key = `${truth.id}:${eventId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-display-truth-"));
  try {
    const file = path.join(dir, truth.name);
    await platform.storage.downloadToFile(truth.key, file);
    const source = await openTruth(file);
    if (!source.eventIds.includes(eventId)) throw new AppError("NOT_FOUND", `The truth has no event ${eventId}.`);
    const event = await source.load(eventId);
    // The same order as the scorer's display: rows by ascending hit_id.
    const order = Array.from(event.hitIds.keys()).sort((a, b) => event.hitIds[a] - event.hitIds[b]);
    const particle = order.map((row) => (event.particle[row] === event.noise ? -1 : event.particle[row]));
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, particle);
    return particle;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For whoever may see the submission (its owner, the organizers). */
export async function getDisplayTruth(platform: Platform, caller: Caller, submissionId: string): Promise<DisplayTruth> {
  await getSubmission(platform, caller, submissionId);
  const row = await platform.db.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      curves: true,
      truthFile: { select: { id: true, key: true, name: true } },
      phase: { select: { ...releasePhaseSelect, name: true } },
    },
  });
  const eventId = (row.curves as { display?: { eventId?: unknown } } | null)?.display?.eventId;
  if (typeof eventId !== "number" || !row.truthFile)
    throw new AppError("NOT_FOUND", "This submission has no event display.");
  const { closesAt, name } = row.phase;
  if (!(await resultsReleased(platform.db, row.phase))) {
    // With a public/private split the event may be a private one: its labels wait for the private leaderboard.
    const reason =
      !closesAt || closesAt > new Date()
        ? `The truth of this test event is shown once ${name} has closed${closesAt ? ` (${closesAt.toISOString()})` : ""}: before that it would hand out test labels.`
        : `The truth of this test event is shown once the private leaderboard of ${name} has been revealed: before that it could hand out private test labels.`;
    return { shown: false, reason };
  }
  return { shown: true, eventId, particle: await particlesOf(platform, row.truthFile, eventId) };
}
