/**
 * The TrackML score of one event, as `score_event` of the official
 * trackml-library (LAL/trackml-library, trackml/score.py; Amrouche et al.,
 * "The Tracking Machine Learning challenge: Accuracy phase", Springer 2020,
 * arXiv:1904.06778).
 *
 * Definition:
 * - Each submitted track is matched to its majority particle: the truth
 *   particle holding most of the track's hits. Noise hits (particle id 0)
 *   count as one particle here. Ties go to the lowest particle id.
 * - The track is good when, strictly, more than half of its hits belong to
 *   that particle and it holds more than half of that particle's hits (as
 *   counted in the truth).
 * - The score is the summed truth weight of the majority particle's hits in
 *   the good tracks, divided by the event's total truth weight. Both sums run
 *   over the hits in hit order, so a perfect submission, which adds the same
 *   nonzero weights in the same order, scores exactly 1 (summing per track
 *   first gave 1.0000000000000022 on large events).
 *
 * Diagnostics (pooled over events by the caller):
 * - reconstructible particles: id ≠ 0 with at least 4 truth hits (below 4,
 *   the official weights are zero);
 * - efficiency: reconstructible particles that are the majority particle of
 *   a good track, over reconstructible particles;
 * - fake tracks: tracks whose majority particle holds at most half of their
 *   hits, or is noise;
 * - duplicate tracks: tracks with more than half of their hits from a real
 *   particle, beyond the first such track for that particle.
 *
 * Cost: O(hits + tracks + particles) time, with a counting sort by track.
 */
export interface EventAssignment {
  /** Dense particle index per truth hit; indices ascend with the particle id. */
  particle: Int32Array;
  /** Truth weight per hit. */
  weight: Float64Array;
  nParticles: number;
  /** Dense index of particle id 0 (noise), or -1 when the event has none. */
  noise: number;
  /** Dense track index per truth hit. */
  track: Int32Array;
  nTracks: number;
}

export interface EventScore {
  score: number;
  tracks: number;
  goodTracks: number;
  fakeTracks: number;
  duplicateTracks: number;
  reconstructible: number;
  reconstructed: number;
}

export function scoreTrackmlEvent(e: EventAssignment): EventScore {
  const nHits = e.particle.length;
  const { particle, weight, track, nParticles, nTracks, noise } = e;
  const particleHits = new Int32Array(nParticles);
  let totalWeight = 0;
  for (let h = 0; h < nHits; h++) {
    particleHits[particle[h]]++;
    totalWeight += weight[h];
  }
  // Counting sort of the hits by track.
  const start = new Int32Array(nTracks + 1);
  for (let h = 0; h < nHits; h++) start[track[h] + 1]++;
  for (let t = 0; t < nTracks; t++) start[t + 1] += start[t];
  const fill = start.slice(0, nTracks);
  const byTrack = new Int32Array(nHits);
  for (let h = 0; h < nHits; h++) byTrack[fill[track[h]]++] = h;

  const count = new Int32Array(nParticles);
  // Per good track, the particle whose hits it reconstructs (−1: not a good track).
  const goodParticle = new Int32Array(nTracks).fill(-1);
  const matchedTracks = new Int32Array(nParticles); // tracks with > half their hits from the particle
  const reconstructed = new Uint8Array(nParticles);
  let goodTracks = 0;
  let fakeTracks = 0;
  let duplicateTracks = 0;
  let tracks = 0;
  for (let t = 0; t < nTracks; t++) {
    const from = start[t];
    const to = start[t + 1];
    const size = to - from;
    if (size === 0) continue;
    tracks++;
    let best = -1;
    let bestCount = 0;
    for (let i = from; i < to; i++) {
      const h = byTrack[i];
      const p = particle[h];
      const c = ++count[p];
      if (c > bestCount || (c === bestCount && p < best)) {
        best = p;
        bestCount = c;
      }
    }
    for (let i = from; i < to; i++) {
      const p = particle[byTrack[i]];
      count[p] = 0;
    }
    const pure = 2 * bestCount > size;
    if (pure && 2 * bestCount > particleHits[best]) {
      goodTracks++;
      goodParticle[t] = best;
      reconstructed[best] = 1;
    }
    if (!pure || best === noise) fakeTracks++;
    else if (matchedTracks[best]++ > 0) duplicateTracks++;
  }
  // The matched weight, summed in hit order like the total: a perfect submission adds exactly the
  // same nonzero weights in the same order, so its score is exactly 1 (zero weights change no sum).
  let goodWeight = 0;
  for (let h = 0; h < nHits; h++) if (goodParticle[track[h]] === particle[h]) goodWeight += weight[h];
  let reconstructible = 0;
  let nReconstructed = 0;
  for (let p = 0; p < nParticles; p++) {
    if (p === noise || particleHits[p] < 4) continue;
    reconstructible++;
    nReconstructed += reconstructed[p];
  }
  return {
    score: totalWeight > 0 ? goodWeight / totalWeight : 0,
    tracks,
    goodTracks,
    fakeTracks,
    duplicateTracks,
    reconstructible,
    reconstructed: nReconstructed,
  };
}
