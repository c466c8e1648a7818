import { builtInChallenge } from "../shared/bundle/built-in.ts";
import { writeTrackmlDataset } from "./write-dataset.ts";

/** The TrackML demo: challenge.yaml and pages/ define it; this writes its data. */
export const trackml = builtInChallenge("trackml", (dir, { seed, scale = 1, hitsPerEvent = 10_000 }) =>
  writeTrackmlDataset(dir, {
    seed,
    trainEvents: Math.max(1, Math.round(2 * scale)),
    testEvents: Math.max(1, Math.round(3 * scale)),
    throughputEvents: Math.max(1, Math.round(3 * scale)),
    hitsPerEvent,
  }),
);
