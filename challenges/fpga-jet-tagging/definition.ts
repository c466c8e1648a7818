import { builtInChallenge } from "../shared/bundle/built-in.ts";
import { writeFpgaJetDataset } from "./write-dataset.ts";

/** The fast-inference demo: challenge.yaml (with its FPGA budget) and pages/ define it; this writes its data. */
export const fpgaJetTagging = builtInChallenge("fpga-jet-tagging", (dir, { seed, scale = 1 }) =>
  writeFpgaJetDataset(dir, {
    train: Math.round(10000 * scale),
    val: Math.round(2000 * scale),
    test: Math.round(5000 * scale),
    seed,
  }),
);
