import { builtInChallenge } from "../shared/bundle/built-in.ts";
import { writeTopTaggingDataset } from "./write-dataset.ts";

/** The top-tagging demo: challenge.yaml and pages/ define it; this writes its data. */
export const topTagging = builtInChallenge("top-tagging", (dir, { seed, scale = 1 }) =>
  writeTopTaggingDataset(dir, {
    train: Math.round(4000 * scale),
    val: Math.round(1000 * scale),
    test: Math.round(2000 * scale),
    seed,
  }),
);
