// `npm run -s baseline -- --challenge <slug> --input <test file>` prints a
// baseline submission on stdout (fpga-jet-tagging: --input train.csv, and a
// gzipped model archive comes out). Each challenge adds its own here.
import { parseArgs } from "node:util";
import { fpgaJetBaseline } from "./fpga-jet-tagging/baseline.ts";
import { lhcoBlackBoxBaseline, lhcoScoresBaseline } from "./lhco-2020/baseline.ts";
import { topTaggingBaseline } from "./top-tagging/baseline.ts";
import { trackmlBaseline } from "./trackml/baseline.ts";

const baselines: Record<string, (input: string, write: (chunk: string | Uint8Array) => void) => Promise<void>> = {
  "top-tagging": topTaggingBaseline,
  trackml: trackmlBaseline,
  "lhco-2020": lhcoScoresBaseline,
  "lhco-2020-blackbox": lhcoBlackBoxBaseline,
  "fpga-jet-tagging": fpgaJetBaseline,
};

const { values } = parseArgs({ options: { challenge: { type: "string" }, input: { type: "string" } } });
const baseline = values.challenge ? baselines[values.challenge] : undefined;
if (!baseline || !values.input) {
  process.stderr.write(`usage: baseline --challenge <${Object.keys(baselines).join("|")}> --input <test file>\n`);
  process.exit(1);
}
try {
  await baseline(values.input, (s) => process.stdout.write(s));
} catch (error) {
  process.stderr.write(`baseline failed: ${(error as Error).message}\n`);
  process.exit(1);
}
