// Fast-inference jet tagging: the submission is a model (submission-bundle.ts),
// which the scorer runs on the hidden test jets, estimates on the target FPGA
// (resource-estimate.ts) and checks against the organizer's budget
// (fpga-budget.ts). Truth: CSV `id,label,<the 16 features>`, label 0..4 in
// JET_CLASSES order.
import path from "node:path";
import { percentileInterval, type Interval } from "../metrics/bootstrap.ts";
import { encodeReplicates, replicates as drawReplicates } from "../metrics/paired-replicates.ts";
import { rocAuc } from "../metrics/roc-auc.ts";
import { forEachCsvRow } from "../parse/csv-lines.ts";
import { HiddenDataError, InputError } from "../parse/input-error.ts";
import { parseFiniteNumber, parseNonNegativeInteger } from "../parse/parse-number.ts";
import { readInput, DEFAULT_LIMITS } from "../parse/read-input.ts";
import { figureOfMerit, resourceUse, utilisation, violations } from "../fpga/fpga-budget.ts";
import type { FpgaConfig } from "../fpga/fpga-config.ts";
import { JET_CLASSES, JET_FEATURES } from "../fpga/jet-features.ts";
import { standardise } from "../fpga/input-scaling.ts";
import { MANIFEST_FILE, parseManifest } from "../fpga/manifest.ts";
import { MODEL_FILE, readNetwork, type Network } from "../fpga/network.ts";
import { readOnnxModel, writeOnnxModel } from "../fpga/onnx-model.ts";
import { estimateResources, type ResourceEstimate } from "../fpga/resource-estimate.ts";
import { runModel } from "../fpga/run-model.ts";
import { runtimeModel } from "../fpga/runtime-model.ts";
import { readBundle } from "../fpga/submission-bundle.ts";
import { parseSynthesisReport, type SynthesisReport } from "../fpga/synthesis-report.ts";
import type { ScoreOptions } from "./top-tagging.ts";

export interface JetTruth {
  ids: Float64Array;
  labels: Uint8Array;
  /** rows × 16, row-major. */
  features: Float32Array;
}

export async function readJetTruth(file: string): Promise<JetTruth> {
  const label = path.basename(file);
  const data = await readInput(file, { ...DEFAULT_LIMITS, maxBytes: 4 * 1024 ** 3 }, label);
  const ids: number[] = [];
  const labels: number[] = [];
  const features: number[] = [];
  forEachCsvRow(data, label, ["id", "label", ...JET_FEATURES], (f, line) => {
    ids.push(parseNonNegativeInteger(f[0], label, line, 1, "id"));
    const y = parseNonNegativeInteger(f[1], label, line, 2, "label");
    if (y >= JET_CLASSES.length) throw new InputError(`label must be 0 to ${JET_CLASSES.length - 1}`, label, line, 2);
    labels.push(y);
    for (let k = 0; k < JET_FEATURES.length; k++)
      features.push(parseFiniteNumber(f[k + 2], label, line, k + 3, JET_FEATURES[k]));
  });
  return { ids: Float64Array.from(ids), labels: Uint8Array.from(labels), features: Float32Array.from(features) };
}

export interface EvaluatedModel {
  network: Network;
  /** rows × 5 outputs as the firmware computes them (declared or QONNX precision). */
  outputs: Float32Array;
  /** Plain models: the outputs of the model as submitted, in float32. */
  floatOutputs?: Float32Array;
  estimate: ResourceEstimate;
  report: SynthesisReport | null;
}

/** Reads, checks and runs the submitted model. Every problem is an InputError naming the file. */
export async function evaluateModel(submission: string, truth: JetTruth, config: FpgaConfig): Promise<EvaluatedModel> {
  const bundle = await readBundle(submission);
  const manifest = parseManifest(bundle.manifest?.text ?? "{}");
  const model = readOnnxModel(bundle.model.bytes, MODEL_FILE);
  const network = readNetwork(model, manifest);
  if (network.inputSize !== JET_FEATURES.length)
    throw new InputError(
      `the model takes ${network.inputSize} inputs; this challenge gives ${JET_FEATURES.length} features (${JET_FEATURES.join(", ")})`,
      MODEL_FILE,
    );
  if (network.outputSize !== JET_CLASSES.length)
    throw new InputError(
      `the model gives ${network.outputSize} outputs; this challenge needs ${JET_CLASSES.length}, one per class (${JET_CLASSES.join(", ")})`,
      MODEL_FILE,
    );
  const report = bundle.report
    ? parseSynthesisReport(bundle.report.text, path.posix.basename(bundle.report.name))
    : null;
  const estimate = estimateResources(network, { strategy: manifest.strategy, clockNs: config.clockNs });
  const nIn = JET_FEATURES.length;
  const nOut = JET_CLASSES.length;
  if (manifest.inputScaling && manifest.inputScaling.mean.length !== nIn)
    throw new InputError(
      `inputScaling: has ${manifest.inputScaling.mean.length} values; the model takes ${nIn} inputs (${JET_FEATURES.join(", ")})`,
      MANIFEST_FILE,
    );
  // The standardisation happens before the firmware, as in the hls4ml tutorials (input-scaling.ts).
  const inputs = manifest.inputScaling ? standardise(truth.features, manifest.inputScaling) : truth.features;
  const outputs = await runModel(writeOnnxModel(runtimeModel(model, network)), inputs, nIn, nOut);
  const floatOutputs = network.qonnx
    ? undefined
    : await runModel(
        writeOnnxModel({
          ...model,
          graph: {
            ...model.graph,
            inputs: [{ ...model.graph.inputs.find((i) => i.name === network.inputName)!, shape: ["N", nIn] }],
          },
        }),
        inputs,
        nIn,
        nOut,
      );
  // Which jet, or which value, would tell the participant about the hidden inputs.
  if (!outputs.every(Number.isFinite))
    throw new HiddenDataError(
      "the model gives a non-finite output (NaN or infinity) on the hidden test jets; check it on the public validation jets",
      MODEL_FILE,
    );
  return { network, outputs, floatOutputs, estimate, report };
}

/** Index of each row's largest output (the first on ties). */
export function predictedClasses(outputs: Float32Array, nOut: number): Uint8Array {
  const rows = outputs.length / nOut;
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < nOut; k++) if (outputs[r * nOut + k] > outputs[r * nOut + best]) best = k;
    out[r] = best;
  }
  return out;
}

export type FpgaJetScores = ReturnType<typeof scoreFpgaJetTagging>;

export function scoreFpgaJetTagging(
  labels: Uint8Array,
  evaluated: EvaluatedModel,
  keep: Uint8Array | undefined,
  config: FpgaConfig,
  { boot, replicates }: ScoreOptions = {},
) {
  const nOut = JET_CLASSES.length;
  const kept = (values: Float32Array) => (keep ? values.filter((_, i) => keep[Math.floor(i / nOut)] === 1) : values);
  const y = keep ? labels.filter((_, i) => keep[i] === 1) : labels;
  const outputs = kept(evaluated.outputs);
  const correct = hits(outputs, y);
  const accuracy = correct.reduce((s, c) => s + c, 0) / y.length;
  // One vs rest: class k's output as the score of "is k" (NaN when the jets hold no k, or only k).
  const aucs = JET_CLASSES.map((_, k) =>
    rocAuc(
      Uint8Array.from(y, (c) => (c === k ? 1 : 0)),
      Float64Array.from({ length: y.length }, (_, r) => outputs[r * nOut + k]),
    ),
  );
  const perClass = Object.fromEntries(JET_CLASSES.map((c, k) => [`auc${c.toUpperCase()}`, aucs[k]]));
  const u = utilisation(evaluated.estimate, config);
  const broken = violations(evaluated.estimate, u, config);
  const fom = figureOfMerit(accuracy, u, config);
  // The accuracy on each resample of the test jets; the figure of merit follows (the resources do not vary).
  const accuracyReplicates = (opts: { resamples: number; seed: number }) =>
    drawReplicates(
      y.length,
      (counts) => {
        let n = 0;
        let right = 0;
        for (let i = 0; i < counts.length; i++) {
          n += counts[i];
          right += counts[i] * correct[i];
        }
        return [right / n];
      },
      1,
      opts,
    )[0];
  const toFom = (values: Float64Array) => values.map((a) => figureOfMerit(a, u, config));
  const shared = replicates ? accuracyReplicates(replicates) : undefined;
  return {
    figureOfMerit: fom,
    accuracy,
    ...(evaluated.floatOutputs
      ? { accuracyFloat: hits(kept(evaluated.floatOutputs), y).reduce((s, c) => s + c, 0) / y.length }
      : {}),
    aucMean: aucs.reduce((s, a) => s + a, 0) / aucs.length,
    ...perClass,
    ...u,
    latencyNs: evaluated.estimate.latencyNs,
    resourceUse: resourceUse(u),
    bops: evaluated.estimate.bops,
    withinBudget: broken.length === 0,
    nJets: y.length,
    fpga: {
      device: config.device,
      clockNs: config.clockNs,
      constraints: config.constraints,
      figureOfMerit: config.figureOfMerit,
      violations: broken,
      quantisation: evaluated.network.qonnx ? "QONNX" : "declared fixed point",
      estimate: evaluated.estimate,
      reported: evaluated.report,
      reportedUtilisation: evaluated.report ? reportedUtilisation(evaluated.report, config) : null,
    },
    ...(boot ? { ci: intervals(accuracyReplicates(boot), toFom) } : {}),
    ...(shared
      ? { replicates: { accuracy: encodeReplicates(shared), figureOfMerit: encodeReplicates(toFom(shared)) } }
      : {}),
  };
}

/** 1 where the largest output is the true class. */
function hits(outputs: Float32Array, y: Uint8Array): Uint8Array {
  const predicted = predictedClasses(outputs, JET_CLASSES.length);
  return Uint8Array.from(predicted, (p, i) => (p === y[i] ? 1 : 0));
}

/** 95 % percentile intervals, as the other scorers' `ci`. */
function intervals(acc: Float64Array, toFom: (v: Float64Array) => Float64Array): Record<string, Interval> {
  const level = 0.95;
  return { accuracy: percentileInterval(acc.slice(), level), figureOfMerit: percentileInterval(toFom(acc), level) };
}

function reportedUtilisation(r: SynthesisReport, config: FpgaConfig) {
  const pct = (v: number | null, of: number) => (v === null ? null : (100 * v) / of);
  return {
    dspPercent: pct(r.dsp, config.device.dsp),
    lutPercent: pct(r.lut, config.device.lut),
    ffPercent: pct(r.ff, config.device.ff),
    bramPercent: pct(r.bram18k, config.device.bram18k),
    latencyNs: r.worstLatency === null ? null : r.worstLatency * (r.targetClockNs ?? config.clockNs),
  };
}
