// `npm run bench` (part 2): the FPGA estimator against published hls4ml
// syntheses (fpga-published-models.ts: which, and the models estimated for
// them), and the time to score a model.
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { generateJets } from "@unblind/challenges/fpga-jet-tagging/generate-jets.ts";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { evaluateModel, scoreFpgaJetTagging, type JetTruth } from "../src/challenges/fpga-jet-tagging.ts";
import { mlpOnnx } from "../src/fpga/build-mlp.ts";
import { DEFAULT_FPGA_CONFIG } from "../src/fpga/fpga-config.ts";
import { calibrationRows, scaling, trained } from "./fpga-published-models.ts";

const rel = (est: number, pub: number) => `${est >= pub ? "+" : ""}${((100 * (est - pub)) / pub).toFixed(0)} %`;
console.log(`FPGA estimator against arXiv:2006.10159 (16→64→32→32→5, VU9P, 200 MHz, R = 1); ${cpus().length} cores`);
console.log(
  `${"model".padEnd(42)} ${"DSP pub/est (err)".padEnd(24)} ${"LUT pub/est (err)".padEnd(28)} ${"cycles pub/est (err)".padEnd(22)} FF, BRAM est`,
);
for (const { published: p, estimate: e } of calibrationRows()) {
  const cycles = `${p.cycles} / ${e.latencyCycles} (${e.latencyCycles >= p.cycles ? "+" : ""}${e.latencyCycles - p.cycles})`;
  console.log(
    `${p.name.padEnd(42)} ${`${p.dsp} / ${e.dsp} (${rel(e.dsp, p.dsp)})`.padEnd(24)} ${`${p.lut} / ${e.lut} (${rel(e.lut, p.lut)})`.padEnd(28)} ${cycles.padEnd(22)} ${e.ff}, ${e.bram18k}`,
  );
}

// Scoring time: the baseline-size model on a growing test set, in this process (the sandbox adds ~0.1 s).
const dir = mkdtempSync(path.join(tmpdir(), "unblind-fpga-bench-"));
const model = path.join(dir, "model.tar.gz");
writeFileSync(
  model,
  tarGz({ "model.onnx": mlpOnnx(trained), "manifest.json": JSON.stringify({ inputScaling: scaling }) }),
);
for (const rows of [10_000, 100_000, 1_000_000]) {
  const test = generateJets(7, rows);
  const truth: JetTruth = {
    ids: Float64Array.from(test.labels, (_, i) => i),
    labels: test.labels,
    features: test.features,
  };
  const t0 = performance.now();
  const evaluated = await evaluateModel(model, truth, DEFAULT_FPGA_CONFIG);
  const scores = scoreFpgaJetTagging(truth.labels, evaluated, undefined, DEFAULT_FPGA_CONFIG, {
    replicates: { resamples: 200, seed: 1 },
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${`score a 16→64→32→32→5 model on ${rows.toLocaleString("en")} jets (fixed point + float runs, 200 replicates)`.padEnd(100)}${seconds.toFixed(2)} s   accuracy ${scores.accuracy.toFixed(4)}`,
  );
}
