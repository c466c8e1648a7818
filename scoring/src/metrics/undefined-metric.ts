// Metrics a test set cannot measure are reported as null with the reason in
// words (scores.reasons[key]), never as 0, NaN or a huge number, and never as
// an internal error: the submission still ends scored.

/** Why no ROC metric is defined on these labels, or null when both classes are present. */
export function oneClassReason(nSignal: number, nBackground: number): string | null {
  if (nSignal === 0 && nBackground === 0) return "the test set is empty";
  if (nSignal === 0) return "undefined: the test set holds no signal (one class only)";
  if (nBackground === 0) return "undefined: the test set holds no background (one class only)";
  return null;
}

/** oneClassReason of 0/1 labels; also their signal count. */
export function labelsClassReason(labels: Uint8Array): { nSignal: number; reason: string | null } {
  let nSignal = 0;
  for (const y of labels) nSignal += y;
  return { nSignal, reason: oneClassReason(nSignal, labels.length - nSignal) };
}

/** εB as a power of ten in words: 1e-3 → "10⁻³". */
export function powerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (10 ** exponent !== value) return String(value);
  const superscript: Record<string, string> = {
    "-": "⁻",
    0: "⁰",
    1: "¹",
    2: "²",
    3: "³",
    4: "⁴",
    5: "⁵",
    6: "⁶",
    7: "⁷",
    8: "⁸",
    9: "⁹",
  };
  return `10${[...String(exponent)].map((c) => superscript[c]).join("")}`;
}

/**
 * Why εS at a fixed εB cannot be measured: below one background event, every
 * threshold lets either none or too many through. Null when it can.
 */
export function backgroundTooSmallReason(backgroundEfficiency: number, nBackground: number): string | null {
  const needed = Math.ceil(1 / backgroundEfficiency - 1e-9);
  return nBackground < needed
    ? `not measurable: εB = ${powerOfTen(backgroundEfficiency)} needs at least ${needed} background events, the test set has ${nBackground}`
    : null;
}
