/**
 * Public scores rounded to `digits` decimal places before they are stored,
 * so that no route can hand out more precision than the organizers chose
 * (it slows down probing the test labels through the scores,
 * arXiv:1707.01825). Every non-integer number is rounded, nested ones
 * included (intervals, TrackML's per-event scores); integers such as counts
 * are left alone.
 */
export function roundScores<T>(value: T, digits: number | null | undefined): T {
  if (digits === null || digits === undefined) return value;
  const round = (v: unknown): unknown => {
    if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? v : Number(v.toFixed(digits));
    if (Array.isArray(v)) return v.map(round);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
    return v;
  };
  return round(value) as T;
}
