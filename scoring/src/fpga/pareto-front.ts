/**
 * The Pareto front of points that want a high `value` at a low `cost`
 * (accuracy against DSP or LUT use): the points no other point dominates,
 * where q dominates p when q.value ≥ p.value and q.cost ≤ p.cost with at
 * least one strict. Returns their indices ordered by cost. Points with a
 * NaN coordinate are never on the front; exact duplicates are both kept.
 * Cost: O(n log n).
 */
export function paretoFront(points: readonly { value: number; cost: number }[]): number[] {
  const order = points
    .map((_, i) => i)
    .filter((i) => !Number.isNaN(points[i].value) && !Number.isNaN(points[i].cost))
    .sort((a, b) => points[a].cost - points[b].cost || points[b].value - points[a].value);
  const front: number[] = [];
  let best = -Infinity;
  let last: { value: number; cost: number } | undefined;
  for (const i of order) {
    const p = points[i];
    if (p.value > best) {
      front.push(i);
      best = p.value;
      last = p;
    } else if (last && p.value === last.value && p.cost === last.cost) front.push(i);
  }
  return front;
}
