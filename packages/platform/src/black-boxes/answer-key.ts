// A black box's sealed answer key: a JSON object of the true parameters,
// with at least a numeric signal count (nSignal by default; 0 for a box
// without signal). Read when the
// box is opened, and checked before a new version of a key is published.

export const MAX_KEY_BYTES = 1024 * 1024;

/** The key, or what is wrong with it (a phrase completing "the answer key …"). */
export function parseAnswerKey(bytes: Buffer, signal = "nSignal"): { key: unknown } | { problem: string } {
  if (bytes.length > MAX_KEY_BYTES) return { problem: "is larger than 1 MB; it should hold the true parameters only" };
  let key: unknown;
  try {
    key = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
  if (typeof key !== "object" || key === null || Array.isArray(key))
    return { problem: `is not a JSON object of the true parameters ({"${signal}": …, …})` };
  if (typeof (key as Record<string, unknown>)[signal] !== "number")
    return { problem: `has no numeric "${signal}" (0 for a box without signal)` };
  return { key };
}
