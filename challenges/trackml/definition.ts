import type { ChallengeDefinition } from "../shared/definition.ts";

export const trackml: ChallengeDefinition = {
  slug: "trackml",
  title: "TrackML",
  summary: "Reconstruct charged-particle tracks from silicon-detector hits.",
  description: `Each event holds about 100,000 hits left by charged particles spiralling in a 2 T solenoid,
plus noise. Assign every hit of every test event to a track.

**Scoring.** The TrackML weighted-hit score (Amrouche et al., "The Tracking Machine Learning challenge",
2019): a track counts when more than half of its hits come from one particle and it holds more than half
of that particle's hits; the event score is the summed weight of the matched hits.

**Files.** Per event \`event000001000-hits.csv\`, \`-cells.csv\`, \`-particles.csv\` and \`-truth.csv\`, in the
official format. **Submission:** CSV \`event_id,hit_id,track_id\`.

This challenge is listed for browsing; it opens for submissions when its scorer and data generator land.`,
  scorer: "trackml",
  primaryMetric: "score",
  higherIsBetter: true,
  acceptingSubmissions: false,
  metrics: [{ key: "score", label: "Score", format: "fixed4", higherIsBetter: true }],
  submissionFormat: "CSV with header event_id,hit_id,track_id",
  phases: [{ name: "Main", opensInDays: 30, closesInDays: 120, maxPerDay: 5, maxFileBytes: 1024 * 1024 * 1024 }],
  datasets: [{ name: "Events", description: "Training events with truth; test events without (coming with the TrackML generator)." }],
};
