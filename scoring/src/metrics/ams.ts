/**
 * The approximate median significance of the Higgs boson machine learning
 * challenge (Adam-Bourdarios et al., "The Higgs boson machine learning
 * challenge", JMLR W&CP 42 (2015) 19, eq. 7; the challenge's evaluation
 * script):
 *
 *   AMS = √( 2 ((s + b + b_r) ln(1 + s / (b + b_r)) − s) ),   b_r = 10,
 *
 * with s and b the sums of the weights of the selected signal and background
 * events. The selection is the events whose score passes a cut (score > cut),
 * or, "optimised", the cut that maximises the AMS over every threshold (the
 * events with score ≥ t, for each distinct score t).
 */
export const AMS_REGULARISATION = 10;

export function ams(s: number, b: number, br = AMS_REGULARISATION): number {
  // As the challenge's script computes it (log(1 + x), not log1p): the same digits as the official score.
  const radicand = 2 * ((s + b + br) * Math.log(1 + s / (b + br)) - s);
  return Math.sqrt(Math.max(0, radicand));
}

/** Sums of selected signal and background weights for score > cut. */
export function amsAtCut(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  cut: number,
  br = AMS_REGULARISATION,
): { ams: number; s: number; b: number } {
  let s = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!(scores[i] > cut)) continue;
    const w = weights ? weights[i] : 1;
    if (labels[i]) s += w;
    else b += w;
  }
  return { ams: ams(s, b, br), s, b };
}

/** The largest AMS over every selection score ≥ t, and its threshold (the highest one on ties). */
export function amsOptimised(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  br = AMS_REGULARISATION,
): { ams: number; threshold: number; s: number; b: number } {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((x, y) => scores[y] - scores[x]);
  let best = { ams: 0, threshold: Number.POSITIVE_INFINITY, s: 0, b: 0 };
  let s = 0;
  let b = 0;
  for (let k = 0; k < order.length; ) {
    const t = scores[order[k]];
    // A whole tie group enters the selection together.
    for (; k < order.length && scores[order[k]] === t; k++) {
      const i = order[k];
      const w = weights ? weights[i] : 1;
      if (labels[i]) s += w;
      else b += w;
    }
    const value = ams(s, b, br);
    if (value > best.ams) best = { ams: value, threshold: t, s, b };
  }
  return best;
}
