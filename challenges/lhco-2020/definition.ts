import { builtInChallenge } from "../shared/bundle/built-in.ts";
import { demoBoxes, writeLhcoDataset } from "./write-dataset.ts";

/** The LHC Olympics demo: challenge.yaml and pages/ define it; this writes its data. */
export const lhco2020 = builtInChallenge("lhco-2020", (dir, { seed, scale = 1 }) =>
  writeLhcoDataset(dir, {
    seed,
    rnd: Math.round(900 * scale),
    rndSignal: Math.round(100 * scale),
    boxes: demoBoxes(Math.round(1000 * scale), seed),
  }),
);
