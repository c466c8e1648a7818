/**
 * The official TrackML truth weight of each hit (trackml-library,
 * trackml/weights.py `weight_hits`; Amrouche et al., arXiv:1904.06778 §4):
 *
 *   w = w_order × w_pT, normalised to sum to 1 over the event.
 *
 * - w_pT: piecewise linear through (0.05, 0.2), (0.5, 0.2), (3, 1.0) in GeV;
 *   0 below 0.05 GeV, 1 above 3 GeV.
 * - w_order: the profile [10, 8, 6, 5, 3, 3, 3, 5, 6] stretched over the
 *   particle's n hits ordered by |tz − vz| (the distance along z from the
 *   particle's vertex), linearly interpolated and normalised to sum to 1 per
 *   particle. Particles with more than 20 hits use the 20-hit profile and
 *   their hits beyond the 20th get 0. Tied distances take the truncated
 *   average rank, as pandas' `rank()` does.
 * - Particles with fewer than 4 hits, noise (particle id 0) and hits of
 *   particles missing from the particle table get 0.
 *
 * Cost: O(hits · log hits) for the ordering.
 */
const ORDER_PROPOSAL = [10, 8, 6, 5, 3, 3, 3, 5, 6];
const ORDER_MIN_HITS = 4;
const ORDER_MAX_HITS = 20;

/** ORDER_MATRIX[n][i]: order weight of hit i of a particle with n hits. */
const ORDER_MATRIX: number[][] = Array.from({ length: ORDER_MAX_HITS + 1 }, (_, n) => {
  if (n < ORDER_MIN_HITS) return [];
  const last = ORDER_PROPOSAL.length - 1;
  const supports = ORDER_PROPOSAL.map((_, k) => (k * (n - 1)) / last);
  const w = Array.from({ length: n }, (_, i) =>
    interpolate(i, supports, ORDER_PROPOSAL, ORDER_PROPOSAL[0], ORDER_PROPOSAL[last]),
  );
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
});

/** numpy.interp: piecewise linear through (xs, ys), `left`/`right` outside. */
function interpolate(x: number, xs: readonly number[], ys: readonly number[], left: number, right: number): number {
  if (x < xs[0]) return left;
  if (x > xs[xs.length - 1]) return right;
  for (let k = 1; k < xs.length; k++) {
    if (x <= xs[k]) {
      if (x === xs[k]) return ys[k];
      return ys[k - 1] + ((x - xs[k - 1]) * (ys[k] - ys[k - 1])) / (xs[k] - xs[k - 1]);
    }
  }
  return right;
}

/** The transverse-momentum weight of a particle with pT in GeV. */
export function weightPt(pt: number): number {
  return interpolate(pt, [0.05, 0.5, 3], [0.2, 0.2, 1], 0, 1);
}

/** The order weight of hit `ihit` (0-based) of a particle with `nhits` hits. */
export function weightOrder(ihit: number, nhits: number): number {
  if (nhits < ORDER_MIN_HITS) return 0;
  const n = Math.min(nhits, ORDER_MAX_HITS);
  if (ihit >= ORDER_MAX_HITS) return 0;
  return ORDER_MATRIX[n][ihit];
}

export interface TruthHit {
  particleId: bigint;
  /** z of the true hit position, mm. */
  tz: number;
}

export interface TruthParticle {
  particleId: bigint;
  /** z of the production vertex, mm. */
  vz: number;
  px: number;
  py: number;
}

/** The normalised official weight of every hit, in the order given. */
export function trackmlHitWeights(hits: readonly TruthHit[], particles: readonly TruthParticle[]): Float64Array {
  const byId = new Map(particles.map((p) => [p.particleId, p]));
  const groups = new Map<bigint, number[]>();
  hits.forEach((h, i) => {
    if (h.particleId === 0n) return;
    const g = groups.get(h.particleId);
    if (g) g.push(i);
    else groups.set(h.particleId, [i]);
  });
  const weights = new Float64Array(hits.length);
  for (const [id, members] of groups) {
    const particle = byId.get(id);
    if (!particle) continue;
    const wPt = weightPt(Math.hypot(particle.px, particle.py));
    const distance = members.map((i) => Math.abs(hits[i].tz - particle.vz));
    const ranks = averageRanks(distance);
    members.forEach((hit, k) => {
      weights[hit] = wPt * weightOrder(Math.trunc(ranks[k] - 1), members.length);
    });
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (total > 0) for (let i = 0; i < weights.length; i++) weights[i] /= total;
  return weights;
}

/** 1-based ranks, tied values sharing their average rank (pandas `rank()`). */
function averageRanks(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}
