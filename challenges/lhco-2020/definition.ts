import type { ChallengeDefinition } from "../shared/definition.ts";
import { boxFiles, demoBoxes, rndTruthFile, writeLhcoDataset } from "./write-dataset.ts";

const BOXES = ["Black box 1", "Black box 2", "Black box 3"];

export const lhco2020: ChallengeDefinition = {
  slug: "lhco-2020",
  title: "LHC Olympics 2020",
  summary: "Find a hidden new-physics resonance in black boxes of dijet events.",
  description: `The LHC Olympics 2020 (Kasieczka, Nachman, Shih et al., Rep. Prog. Phys. 84 (2021) 124201) asked
for anomaly-detection methods on "black boxes" of events, each possibly hiding a resonance X → Y Z with
two-prong Y and Z jets. The answer keys stay sealed until the organizers open the boxes.

**R&D phase.** \`events_anomalydetection.h5\` (the official R&D file's name and layout) is labelled (background and an X → Y Z signal at 3.5 TeV → 500 + 100 GeV).
Submit a per-event anomaly score for \`rnd_test.h5\`; it is scored at once by the ROC AUC, the signal
efficiency at background efficiencies 10⁻², 10⁻³, 10⁻⁴ and the maximum significance improvement εS/√εB. A
working point needs at least 1/εB background events (1000 for 10⁻³): on a smaller test set, or its public part,
it is shown as not measurable, with the reason, never as 0.

**Black boxes.** Answer with physics, through the form on the box's page, the API or the CLI: the p-value of
the background-only hypothesis, the resonance mass ± σ, optionally the two daughter masses ± σ, the number of
signal events ± σ, a description, and optionally a per-event anomaly-score file. Your answer is stored
**sealed**: nothing is scored before the box is opened. You get a receipt, the SHA-256 of your answer's
canonical bytes, which you can check against the published answer after the opening. You may replace your
answer until the box's deadline; then it is locked. When an organizer opens the box, every locked answer is
judged by its pulls, (answer − truth)/σ. Answers made after the opening are marked *post-unblinding*.

**Files** (the official names and layouts of 2020). pandas HDF5 (key \`df\`, fixed format as released; the
platform also reads table format), one row per event, integer columns 0 … 2099: (pT, η, φ) of up to 700
particles, interleaved, pT-ordered and zero-padded (pT in GeV). \`events_anomalydetection.h5\` has the label in
its last column, 2100 (0 background, 1 signal). The black boxes are \`events_LHCO2020_BlackBox1.h5\` … \`3.h5\`,
without labels; their master keys (\`events_LHCO2020_BlackBox1.masterkey\`: one label per line, in event
order, 0 background, 1 signal, 2 a second signal) stay sealed until the box is opened. \`rnd_test.h5\` is this
platform's own unlabelled R&D test set. The demo data is synthetic and small; the generator writes sets of any
size.

### Loading the data

\`\`\`python
import numpy as np
import pandas as pd

rnd = pd.read_hdf("events_anomalydetection.h5", key="df")
labels = rnd[2100].to_numpy()
particles = rnd.loc[:, :2099].to_numpy().reshape(len(rnd), 700, 3)   # (pT, eta, phi)
pt, eta, phi = particles[..., 0], particles[..., 1], particles[..., 2]

box = pd.read_hdf("events_LHCO2020_BlackBox1.h5", key="df").to_numpy().reshape(-1, 700, 3)
test = pd.read_hdf("rnd_test.h5", key="df")   # no label column: score these events
\`\`\`

With h5py (pandas' fixed format: the values under \`df/block0_values\`, the column labels under \`df/axis0\`):

\`\`\`python
import h5py

with h5py.File("events_anomalydetection.h5", "r") as f:
    columns = f["df/axis0"][:]
    first = f["df/block0_values"][:1000]       # the first 1000 events, without reading the rest
    labels = first[:, list(columns).index(2100)]
\`\`\`

### Submitting

R&D: a CSV \`event_index,score\` with one row per event of \`rnd_test.h5\` (event_index = row, from 0):

\`\`\`python
pd.DataFrame({"event_index": np.arange(len(scores)), "score": scores}).to_csv("rnd_scores.csv", index=False)
\`\`\`

Black box: the form, or \`unblind answer lhco-2020 "Black box 1" answer.json [--scores scores.csv]\` with
\`{"pValue": 1e-4, "resonanceMass": {"value": 3800, "sigma": 100}, "nSignal": {"value": 900, "sigma": 300},
"description": "…"}\` (also \`daughterMass1\`, \`daughterMass2\`; an anomaly-score file uses the R&D format).`,
  scorer: "lhco",
  primaryMetric: "auc",
  higherIsBetter: true,
  acceptingSubmissions: true,
  metrics: [
    { key: "auc", label: "AUC", format: "fixed4", higherIsBetter: true },
    { key: "sigEffAt1e-2", label: "εS at εB = 10⁻²", format: "fixed4", higherIsBetter: true },
    { key: "sigEffAt1e-3", label: "εS at εB = 10⁻³", format: "fixed4", higherIsBetter: true },
    { key: "sigEffAt1e-4", label: "εS at εB = 10⁻⁴", format: "fixed4", higherIsBetter: true },
    { key: "maxSI", label: "max εS/√εB", format: "fixed4", higherIsBetter: true },
  ],
  submissionFormat:
    "R&D: CSV with header event_index,score, one row per event of rnd_test.h5; black boxes: a structured answer",
  phases: [
    {
      name: "R&D",
      opensInDays: -1,
      closesInDays: 120,
      maxPerDay: 10,
      maxFileBytes: 512 * 1024 * 1024,
      truthFile: rndTruthFile,
    },
    ...BOXES.map((name) => ({
      name,
      kind: "BLACK_BOX" as const,
      opensInDays: -1,
      closesInDays: 60,
      maxPerDay: 10,
      maxFileBytes: 512 * 1024 * 1024,
      truthFile: boxFiles(name).labels,
      answerKeyFile: boxFiles(name).key,
    })),
  ],
  datasets: [
    { name: "R&D", description: "Labelled R&D events and the unlabelled R&D test set." },
    { name: "Black boxes", description: "Unlabelled boxes; each may hide a resonance." },
    {
      name: "Answer keys",
      description: "Sealed labels and true parameters; read only by the scorer and by the opening of a box.",
    },
  ],
  generateDemoData: (dir, { seed, scale = 1 }) =>
    writeLhcoDataset(dir, {
      seed,
      rnd: Math.round(900 * scale),
      rndSignal: Math.round(100 * scale),
      boxes: demoBoxes(Math.round(1000 * scale), seed),
    }),
};
