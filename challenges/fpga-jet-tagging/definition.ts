import { DEFAULT_FPGA_CONFIG } from "@unblind/scoring/fpga/fpga-config.ts";
import type { ChallengeDefinition } from "../shared/definition.ts";
import { writeFpgaJetDataset } from "./write-dataset.ts";

/** The demo phase's budget: a sliver of a VU9P at 200 MHz, as a level-1 trigger algorithm would get. */
export const FPGA_DEMO_CONFIG = {
  ...DEFAULT_FPGA_CONFIG,
  constraints: { maxLatencyNs: 100, maxDspPercent: 20, maxLutPercent: 20, maxFfPercent: 20, maxBramPercent: 20 },
};

export const fpgaJetTagging: ChallengeDefinition = {
  slug: "fpga-jet-tagging",
  title: "Fast-inference jet tagging on an FPGA",
  summary: "Tag jets as g, q, t, W or Z with a network small and fast enough for a level-1 trigger FPGA.",
  description: `The level-1 trigger decides within microseconds, on FPGAs. Submit a **model**, not predictions: the
platform runs it on the hidden test jets and estimates the FPGA resources hls4ml would need for it.

**Task** (the hls4ml jet-tagging benchmark, Duarte et al., JINST 13 (2018) P07027): 16 high-level
substructure features of a jet in, 5 outputs out, one per class in the order **g, q, t, W, Z**: the
hls4ml jet dataset's (its labels sorted, as its tutorials' encoder gives them), so a model trained there runs
here unchanged.
The demo data is synthetic, with the benchmark's features and a realistic overlap of the classes.
Features are **raw**, in the dataset's units (masses in GeV, multiplicities in particles), as in the hls4ml
jet dataset. Standardising them is your job, as in the hls4ml tutorials: fit scikit-learn's
\`StandardScaler\` on the training jets and put its \`mean_\` and \`scale_\` in the manifest's
\`inputScaling\`; the scorer applies it before the firmware's input type (it costs no FPGA resources,
as upstream in the tutorials). Without \`inputScaling\` the model receives the raw values: then fold the
scaling into the first layer and declare an \`input\` type wide enough for them.

**Submitting.** Either \`model.onnx\` alone, or a \`.tar.gz\` / \`.zip\` holding:
- \`model.onnx\`: Dense layers (Gemm, or MatMul + Add), optionally BatchNormalization, with ReLU, sigmoid, tanh or
  softmax activations;
  either plain with declared precision, or with QONNX \`Quant\` nodes on the weights and activations.
- \`manifest.json\` (optional): \`{"strategy": "Latency", "precision": "ap_fixed<16,6>", "reuseFactor": 1,
  "layers": {"fc1": {"reuseFactor": 4, "precision": {"weight": "ap_fixed<8,3>", "result": "ap_fixed<16,6>"}}},
  "inputScaling": {"mean": [16 numbers], "scale": [16 numbers]}}\`, layers named by their ONNX node
  names. The defaults are hls4ml's: ap_fixed<16,6>, reuse factor 1; and no scaling.
- A synthesis report (optional): Vivado/Vitis HLS \`<top>_csynth.xml\`, or hls4ml's parsed report as
  \`report.json\`. It is shown next to the estimate, marked self-reported, and never used to rank.

**Scoring.** The scorer runs the model with onnxruntime **at its fixed-point precision** (declared
types are emulated; QONNX quantisers are executed), so the accuracy is the firmware's. Shown: accuracy
(largest output = true class), the accuracy of the float model as submitted, the one-vs-rest ROC AUC of
each class, the estimated DSP, LUT, FF and BRAM use as a share of the target device (Xilinx VU9P by
default), the latency at the target clock, and BOPs. The estimator's formulas and its comparison with
published syntheses are in docs/fpga-resource-model.md.

**Ranking.** A model that breaks a constraint (latency, or a resource share) is shown but not ranked.
Among the others, the figure of merit ranks (by default the accuracy); ties go to the lower resource use
(the largest of the four utilisation shares), then the earlier submission. The leaderboard plots the Pareto
front of accuracy against DSP and LUT use. *Accuracy* is the fixed-point model's, *float accuracy* the
submitted model's in float32, *mean AUC* the mean of the five one-vs-rest AUCs, and *max use %* the
largest of the DSP, LUT, FF and BRAM shares.

### Loading the data

\`\`\`python
import json
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

train = pd.read_csv("train.csv")
features = [c for c in train.columns if c.startswith("j_")]  # the hls4ml dataset's 16 features, in order
X = train[features].to_numpy(dtype="float32")  # raw values: GeV, particle counts
y = np.eye(5)[train["label"].to_numpy()]       # one-hot in the order g, q, t, W, Z
scaler = StandardScaler().fit(X)               # standardising is yours, as in the hls4ml tutorials
X = scaler.transform(X)
val = pd.read_csv("val.csv")
X_val = scaler.transform(val[features].to_numpy(dtype="float32"))
# the scorer applies the same scaling before your model, from the manifest:
manifest = {"inputScaling": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()}}
json.dump(manifest, open("manifest.json", "w"))
\`\`\`

### Baseline

\`\`\`sh
npm run -s baseline -- --challenge fpga-jet-tagging --input train.csv > baseline.tar.gz
\`\`\``,
  scorer: "fpga-jet-tagging",
  primaryMetric: "figureOfMerit",
  higherIsBetter: true,
  secondaryMetric: "resourceUse",
  acceptingSubmissions: true,
  metrics: [
    { key: "figureOfMerit", label: "Figure of merit", format: "fixed4", higherIsBetter: true },
    { key: "accuracy", label: "Accuracy", format: "fixed4", higherIsBetter: true },
    { key: "accuracyFloat", label: "Float accuracy", format: "fixed4", higherIsBetter: true },
    { key: "aucMean", label: "Mean AUC", format: "fixed4", higherIsBetter: true },
    { key: "dspPercent", label: "DSP %", format: "fixed4", higherIsBetter: false },
    { key: "lutPercent", label: "LUT %", format: "fixed4", higherIsBetter: false },
    { key: "ffPercent", label: "FF %", format: "fixed4", higherIsBetter: false },
    { key: "bramPercent", label: "BRAM %", format: "fixed4", higherIsBetter: false },
    { key: "latencyNs", label: "Latency (ns)", format: "int", higherIsBetter: false },
    { key: "resourceUse", label: "Max use %", format: "fixed4", higherIsBetter: false },
  ],
  submissionFormat: "model.onnx, or a .tar.gz/.zip of model.onnx, manifest.json and an optional synthesis report",
  scoringConfig: FPGA_DEMO_CONFIG,
  phases: [
    {
      name: "Main",
      opensInDays: -1,
      closesInDays: 90,
      maxPerDay: 20,
      maxFileBytes: 32 * 1024 * 1024,
      truthFile: "test_truth.csv",
    },
  ],
  datasets: [
    { name: "Jets", description: "Labelled training and validation jets, raw feature values." },
    { name: "Test jets", description: "Hidden test jets (features and labels); only the scorer reads them." },
  ],
  generateDemoData: (dir, { seed, scale = 1 }) =>
    writeFpgaJetDataset(dir, {
      train: Math.round(10000 * scale),
      val: Math.round(2000 * scale),
      test: Math.round(5000 * scale),
      seed,
    }),
};
