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
the accuracy at score > 0.5 and the background rejection 1/εB at signal efficiency εS = 0.3 and 0.5, under
three named conventions, which differ on small or tied test sets:
- *threshold*: t* is the highest score at which the signal fraction passing reaches εS; background tied at
  t* passes (the platform's rule, with intervals);
- *interpolated*: exactly \`np.interp(εS, tpr, fpr)\` on the full ROC curve (numpy's rule: of several points
  at exactly εS, the last);
- *nearest*: as the public taggers' evaluation scripts (LorentzNet, PELICAN): \`sklearn.metrics.roc_curve\`
  with its default arguments, then the point with the smallest |tpr − εS| (the first on ties), 1/fpr there.
When no background passes, 1/εB is unbounded and shown as such, never as a huge number.
Ties in AUC go to the higher 1/εB at εS = 0.3 (threshold), then to the earlier submission.

**Public and private leaderboards.** While the phase runs, scores are computed on a hidden 30 % of the
test jets (the public leaderboard). The other 70 % decide the final ranking, which stays sealed until the
organizers reveal it after the close. Select up to 2 final submissions on the challenge page; if you select
none, your 2 best public ones count.

**Data format** (as the public reference dataset of Kasieczka et al., SciPost Phys. 7 (2019) 014):
pandas HDF5, key \`table\`, fixed format (the platform also reads table format), columns
\`E_0,PX_0,PY_0,PZ_0 … E_199,PX_199,PY_199,PZ_199\` (float32, constituents sorted by pT and zero-padded), then
\`truthE,truthPX,truthPY,truthPZ\` (float32, the top quark's four-momentum), \`ttv\` (int64: 0 train, 1 test,
2 validation) and \`is_signal_new\` (int64, 1 top, 0 QCD): 806 columns in \`train.h5\` and \`val.h5\`. The
participant \`test.h5\` is the same layout minus exactly the answer-bearing columns **truthE, truthPX, truthPY,
truthPZ and is_signal_new**: 801 columns, \`E_0 … PZ_199, ttv\`. (An organizer who holds the labelled public
test file hosts it blind from the datasets page: the platform derives this file and the sealed key from it.)
The demo data is synthetic.

### Loading the data

\`\`\`python
import numpy as np
import pandas as pd

train = pd.read_hdf("train.h5", key="table")
labels = train["is_signal_new"].to_numpy()
p4 = train[[f"{c}_{i}" for i in range(200) for c in ("E", "PX", "PY", "PZ")]].to_numpy().reshape(-1, 200, 4)

test = pd.read_hdf("test.h5", key="table")   # no labels: ids are the row numbers
assert "is_signal_new" not in test.columns and test.shape[1] == 801
\`\`\`

With h5py, without pandas (the fixed format keeps each dtype's columns in a block: names in
\`table/blockN_items\`, values rows × columns in \`table/blockN_values\`), reading only the rows you need:

\`\`\`python
import h5py

with h5py.File("train.h5", "r") as f:
    names = [n.decode() for n in f["table/block0_items"][:]]   # the float32 columns
    first = f["table/block0_values"][:1000]                     # the first 1000 jets
    ints = [n.decode() for n in f["table/block1_items"][:]]     # ttv, is_signal_new
    labels = f["table/block1_values"][:1000, ints.index("is_signal_new")]
    e0 = first[:, names.index("E_0")]
\`\`\`

With PyTables:

\`\`\`python
import tables

with tables.open_file("val.h5", "r") as f:
    block = f.root.table.block0_values
    print(block.shape, block.dtype)
    jets = block[:500]
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
    { key: "bgRejection30", label: "1/εB at εS = 0.3 (threshold)", format: "int", higherIsBetter: true },
    { key: "bgRejection50", label: "1/εB at εS = 0.5 (threshold)", format: "int", higherIsBetter: true },
    { key: "bgRejection30Interpolated", label: "1/εB at εS = 0.3 (interpolated)", format: "int", higherIsBetter: true },
    { key: "bgRejection50Interpolated", label: "1/εB at εS = 0.5 (interpolated)", format: "int", higherIsBetter: true },
    { key: "bgRejection30Nearest", label: "1/εB at εS = 0.3 (nearest)", format: "int", higherIsBetter: true },
    { key: "bgRejection50Nearest", label: "1/εB at εS = 0.5 (nearest)", format: "int", higherIsBetter: true },
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
