/**
 * Average rank across tasks (the DarkMachines anomaly-detection challenge's
 * aggregate): in each task, every entry is ranked by its value of the
 * metric (1 = best; tied values share the mean of the ranks they span, as
 * scipy.stats.rankdata(method="average")), and an entry's score is the mean
 * of its ranks over the tasks. Lower is better. An entry without a value in
 * some task gets no average rank (null), and takes no part in any task's
 * ranking, so every average is over the same field of entries.
 * Source: Aarrestad et al., "The Dark Machines anomaly score challenge",
 * SciPost Phys. 12 (2022) 043, section 5 (ranking by the average rank over
 * the signal × channel combinations).
 *
 * `values[t][e]`: entry e's value in task t (null, or ±Infinity for an
 * unbounded value, which ranks as the number it is).
 * Cost: O(T · n log n).
 */
export function averageRanks(
  values: readonly (readonly (number | null)[])[],
  higherIsBetter: boolean,
): (number | null)[] {
  const n = values[0]?.length ?? 0;
  const complete = Array.from({ length: n }, (_, e) =>
    values.every((task) => task[e] !== null && !Number.isNaN(task[e])),
  );
  const entries = complete.flatMap((ok, e) => (ok ? [e] : []));
  const sums = new Float64Array(n);
  for (const task of values) {
    const order = entries.slice().sort((a, b) => (higherIsBetter ? task[b]! - task[a]! : task[a]! - task[b]!) || 0);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && task[order[j + 1]] === task[order[i]]) j++;
      // Positions i..j (0-based) share the rank (i + 1 + j + 1) / 2.
      for (let k = i; k <= j; k++) sums[order[k]] += (i + j + 2) / 2;
      i = j + 1;
    }
  }
  return complete.map((ok, e) => (ok ? sums[e] / values.length : null));
}
