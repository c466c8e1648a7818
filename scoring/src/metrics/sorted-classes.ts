import { MetricError } from "./scoring-error.ts";

/** Scores split by true class, each sorted ascending. */
export interface SortedClasses {
  /** Scores of signal (label 1) rows, ascending. */
  signal: Float64Array;
  /** Scores of background (label 0) rows, ascending. */
  background: Float64Array;
}

/**
 * Splits scores by label and sorts each class (native typed-array sort).
 * Cost: O(n log n). Throws MetricError when either class is empty, because
 * every ROC quantity is undefined then.
 */
export function sortByClass(labels: ArrayLike<number>, scores: ArrayLike<number>): SortedClasses {
  if (labels.length !== scores.length)
    throw new MetricError(`labels (${labels.length}) and scores (${scores.length}) differ in length`);
  let nSignal = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) nSignal++;
  const nBackground = labels.length - nSignal;
  if (nSignal === 0 || nBackground === 0) {
    throw new MetricError(
      `the truth holds a single class (${nSignal} signal, ${nBackground} background); ROC metrics need both`,
    );
  }
  const signal = new Float64Array(nSignal);
  const background = new Float64Array(nBackground);
  let s = 0;
  let b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) signal[s++] = scores[i];
    else background[b++] = scores[i];
  }
  signal.sort();
  background.sort();
  return { signal, background };
}
