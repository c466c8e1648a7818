import type { ChallengeDefinition } from "../shared/definition.ts";
import { TRUTH_FILE, writeTrackmlDataset } from "./write-dataset.ts";

export const trackml: ChallengeDefinition = {
  slug: "trackml",
  title: "TrackML",
  summary: "Reconstruct charged-particle tracks from silicon-detector hits.",
  description: `Charged particles spiral in a 2 T solenoid through a cylindrical silicon detector (barrel layers and
endcap disks) and leave hits, among noise. Assign every hit of every test event to a track.

**Scoring.** The TrackML weighted-hit score (Amrouche et al., "The Tracking Machine Learning challenge:
Accuracy phase", arXiv:1904.06778): a track counts when more than half of its hits come from one particle
and it holds more than half of that particle's hits; the event score is the summed official weight of the
matched hits (hits near the ends of a track and of high-pT particles weigh more; noise and particles with
fewer than 4 hits weigh 0). The score is the mean over test events. Also shown: the efficiency
(reconstructed / reconstructible particles), the fake rate and the duplicate rate, and each event's score.

**Files** (the Kaggle release's layout and formats; the demo data is synthetic, from a toy detector):
- \`train_1.zip\`: the folder \`train_1/\` with, per training event (numbered from 1000),
  \`event000001000-hits.csv\` (hit_id, x, y, z in mm, volume_id, layer_id, module_id),
  \`-cells.csv\` (hit_id, ch0, ch1, value), \`-particles.csv\` (particle_id, vx, vy, vz, px, py, pz in GeV,
  q, nhits) and \`-truth.csv\` (hit_id, particle_id, tx, ty, tz, tpx, tpy, tpz, weight)
- \`test.zip\`: the folder \`test/\` with the hits and cells of each test event (numbered from 0); the same
  files also one by one (\`event000000000-hits.csv\`, …)
- \`detectors.csv\`: one row per module (volume_id, layer_id, module_id, its centre cx, cy, cz, rotation
  rot_xu … rot_zw, module_t, module_minhu, module_maxhu, module_hv, pitch_u, pitch_v)
- \`sample_submission.csv\`: a valid submission (every hit a track of its own, which scores 0)

Hits are numbered through the detector (by volume, layer, module), as in the official files. particle_id
is the official 64-bit layout (trackml-library's \`decode_particle_id\`: vertex, primary, generation,
secondary, process); 0 is noise.

### Loading the data

With the official \`trackml\` library (\`load_dataset\` reads an archive or a folder):

\`\`\`python
from trackml.dataset import load_dataset, load_event
from trackml.utils import decode_particle_id

for event_id, hits, cells, particles, truth in load_dataset("train_1.zip"):
    particles = decode_particle_id(particles)     # vertex_id, primary_id, generation, …
    event = hits.merge(truth, on="hit_id")        # training: hits with their particle
    break

for event_id, hits, cells in load_dataset("test.zip", parts=["hits", "cells"]):
    print(event_id, len(hits))
\`\`\`

With pandas alone:

\`\`\`python
import zipfile
import pandas as pd

with zipfile.ZipFile("train_1.zip") as z:
    hits = pd.read_csv(z.open("train_1/event000001000-hits.csv"))
    truth = pd.read_csv(z.open("train_1/event000001000-truth.csv"))
test_hits = pd.read_csv("event000000000-hits.csv")
detectors = pd.read_csv("detectors.csv")
sample = pd.read_csv("sample_submission.csv")
\`\`\`

### Submitting

A CSV (gzip accepted) with header \`event_id,hit_id,track_id\` and one row for every hit of every test event;
track_id is any non-negative integer below 2⁶⁴. Large files go up in parts straight to storage (the web form
and \`unblind submit\` do this for you).

\`\`\`python
sub = pd.DataFrame({"event_id": 0, "hit_id": test_hits.hit_id, "track_id": labels})
sub.to_csv("submission.csv.gz", index=False)
\`\`\``,
  scorer: "trackml",
  primaryMetric: "score",
  higherIsBetter: true,
  acceptingSubmissions: true,
  metrics: [
    { key: "score", label: "Score", format: "fixed4", higherIsBetter: true },
    { key: "efficiency", label: "Efficiency", format: "percent", higherIsBetter: true },
    { key: "fakeRate", label: "Fake rate", format: "percent", higherIsBetter: false },
    { key: "duplicateRate", label: "Duplicate rate", format: "percent", higherIsBetter: false },
  ],
  submissionFormat: "CSV with header event_id,hit_id,track_id, one row per hit of every test event; gzip accepted",
  phases: [
    {
      name: "Main",
      opensInDays: -1,
      closesInDays: 120,
      maxPerDay: 5,
      maxFileBytes: 1024 * 1024 * 1024,
      truthFile: TRUTH_FILE,
    },
  ],
  datasets: [
    { name: "Training events", description: "Hits, cells, particles and truth of the training events." },
    { name: "Test events", description: "Hits and cells of the test events; their truth is the hidden answer key." },
    { name: "Answer key", description: "Truth of the test events, read only by the scorer." },
  ],
  generateDemoData: (dir, { seed, scale = 1, hitsPerEvent = 10_000 }) =>
    writeTrackmlDataset(dir, {
      seed,
      trainEvents: Math.max(1, Math.round(2 * scale)),
      testEvents: Math.max(1, Math.round(3 * scale)),
      hitsPerEvent,
    }),
};
