import type { ChallengeDefinition } from "../shared/definition.ts";
import { writeTopTaggingDataset } from "./write-dataset.ts";

export const topTagging: ChallengeDefinition = {
  slug: "top-tagging",
  title: "Top tagging",
  summary: "Tell boosted top-quark jets from QCD jets using their 200 leading constituents.",
  description: `Hadronically decaying top quarks with high transverse momentum end up in a single
large-radius jet with three hard prongs; light-quark and gluon (QCD) jets usually have one.
Given the four-momenta of the 200 leading jet constituents, give each test jet a **signal score**:
higher means more top-like.

**Scoring.** Submissions are ranked by the **ROC AUC** (Mann–Whitney U, ties count one half). Also shown:
the accuracy at score > 0.5 and the background rejection 1/εB at signal efficiency εS = 0.3 and 0.5
(t* is the highest score at which the signal fraction passing reaches εS; background tied at t* passes).
An interpolated variant of 1/εB is shown for comparison with public code that uses \`np.interp\`.
Ties in AUC go to the higher 1/εB at εS = 0.3, then to the earlier submission.

**Public and private leaderboards.** While the phase runs, scores are computed on a hidden 30 % of the
test jets (the public leaderboard). The other 70 % decide the final ranking, which stays sealed until the
organizers reveal it after the close. Select up to 2 final submissions on the challenge page; if you select
none, your 2 best public ones count.

**Data format** (as the public reference dataset of Kasieczka et al., SciPost Phys. 7 (2019) 014):
pandas HDF5, key \`table\`, columns \`E_0,PX_0,PY_0,PZ_0 … E_199,PZ_199\`, constituents sorted by pT and
zero-padded, then \`truthE,truthPX,truthPY,truthPZ,ttv,is_signal_new\` in the labelled files.
The demo data here is synthetic.

### Loading the data

\`\`\`python
import pandas as pd
import numpy as np

train = pd.read_hdf("train.h5", key="table")
labels = train["is_signal_new"].to_numpy()
p4 = train[[f"{c}_{i}" for i in range(200) for c in ("E", "PX", "PY", "PZ")]].to_numpy().reshape(-1, 200, 4)

test = pd.read_hdf("test.h5", key="table")   # no labels: ids are the row numbers
\`\`\`

### Submitting

A CSV file with header \`id,score\` and one row per test jet (id = row number in test.h5), optionally gzipped:

\`\`\`python
pd.DataFrame({"id": np.arange(len(test)), "score": scores}).to_csv("submission.csv", index=False)
\`\`\``,
  scorer: "top-tagging",
  primaryMetric: "auc",
  higherIsBetter: true,
  secondaryMetric: "bgRejection30",
  acceptingSubmissions: true,
  metrics: [
    { key: "auc", label: "ROC AUC", format: "fixed4", higherIsBetter: true },
    { key: "accuracy", label: "Accuracy (score > 0.5)", format: "fixed4", higherIsBetter: true },
    { key: "bgRejection30", label: "1/εB at εS = 0.3", format: "int", higherIsBetter: true },
    { key: "bgRejection50", label: "1/εB at εS = 0.5", format: "int", higherIsBetter: true },
    { key: "bgRejection30Interpolated", label: "1/εB at εS = 0.3 (interpolated)", format: "int", higherIsBetter: true },
    { key: "bgRejection50Interpolated", label: "1/εB at εS = 0.5 (interpolated)", format: "int", higherIsBetter: true },
  ],
  submissionFormat: "CSV with header id,score — one row per jet of test.h5 (id = row number); gzip accepted",
  phases: [
    {
      name: "Main",
      opensInDays: -1,
      closesInDays: 90,
      maxPerDay: 20,
      maxFileBytes: 100 * 1024 * 1024,
      truthFile: "test_truth.csv",
      // Kaggle-style: 30 % of the test jets score the public board, the rest stay sealed until the organizers reveal them.
      leaderboard: { publicFraction: 0.3, finalSelections: 2 },
    },
  ],
  datasets: [
    { name: "Jets", description: "Training, validation and test jets (the test file has no labels)." },
    { name: "Answer key", description: "Hidden labels of the test jets; used only by the scorer." },
  ],
  generateDemoData: (dir, { seed, scale = 1 }) =>
    writeTopTaggingDataset(dir, {
      train: Math.round(4000 * scale),
      val: Math.round(1000 * scale),
      test: Math.round(2000 * scale),
      seed,
    }),
};
