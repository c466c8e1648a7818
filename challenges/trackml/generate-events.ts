// Synthetic TrackML events: a toy cylindrical silicon detector in a 2 T
// solenoid, with the official files' columns (Amrouche et al., "The Tracking
// Machine Learning challenge: Accuracy phase", arXiv:1904.06778, §3).
//
// - Detector: barrel layers (pixel volume 8, short strips 13, long strips 17)
//   and endcap disks on both sides (pixel 7 and 9, strips 12 and 14), each
//   cut into modules by φ and z (barrel) or φ and r (disks).
// - Particles start near the beam line (σz = 55 mm), with a falling pT
//   spectrum above 150 MeV, |η| < 3 and charge ±1, and follow helices of
//   radius R = pT / (0.3 B): R[mm] = 1000 pT[GeV] / 0.6. They leave a hit
//   where the helix first crosses each surface (before turning back) and
//   stop at the detector's edge; hits are smeared by the module resolution.
// - Noise hits (particle_id 0) make up 10 % of the hits.
// The truth weights are the official ones (trackml-weights.ts).
import { trackmlHitWeights } from "@unblind/scoring/metrics/trackml-weights.ts";
import { Random, type Seed } from "../shared/random.ts";

const FIELD_T = 2;
const MM_PER_GEV = 1000 / (0.3 * FIELD_T);

interface Barrel {
  volume: number;
  layer: number;
  r: number;
  halfZ: number;
  sigma: number;
}
interface Disk {
  volume: number;
  layer: number;
  z: number;
  rMin: number;
  rMax: number;
  sigma: number;
}

const BARRELS: Barrel[] = [
  ...[32, 72, 116, 172].map((r, i) => ({ volume: 8, layer: 2 * (i + 1), r, halfZ: 490, sigma: 0.03 })),
  ...[260, 360, 500, 660].map((r, i) => ({ volume: 13, layer: 2 * (i + 1), r, halfZ: 1080, sigma: 0.08 })),
  ...[820, 1020].map((r, i) => ({ volume: 17, layer: 2 * (i + 1), r, halfZ: 1080, sigma: 0.12 })),
];
const DISKS: Disk[] = [
  ...[600, 700, 820, 960, 1100, 1300, 1500].flatMap((z, i) => [
    { volume: 7, layer: 14 - 2 * i, z: -z, rMin: 30, rMax: 175, sigma: 0.03 },
    { volume: 9, layer: 2 * (i + 1), z, rMin: 30, rMax: 175, sigma: 0.03 },
  ]),
  ...[1220, 1500, 1850, 2200, 2550, 2950].flatMap((z, i) => [
    { volume: 12, layer: 12 - 2 * i, z: -z, rMin: 230, rMax: 1020, sigma: 0.08 },
    { volume: 14, layer: 2 * (i + 1), z, rMin: 230, rMax: 1020, sigma: 0.08 },
  ]),
];
const R_MAX = 1030;
const Z_MAX = 2960;

export interface Hit {
  x: number;
  y: number;
  z: number;
  volume: number;
  layer: number;
  module: number;
  particle: number;
  /** True position and momentum at the hit. */
  tx: number;
  ty: number;
  tz: number;
  tpx: number;
  tpy: number;
  tpz: number;
}

export interface Particle {
  particleId: bigint;
  type: number;
  vx: number;
  vy: number;
  vz: number;
  px: number;
  py: number;
  pz: number;
  q: number;
}

export interface TrackmlEvent {
  /** Hits in hit_id order (hit_id = index + 1). */
  hits: Hit[];
  particles: Particle[];
  /** Official truth weight of each hit. */
  weights: Float64Array;
  /** Index of each hit's particle in `particles`, or -1 for noise. */
  particleOf: Int32Array;
}

const TWO_PI = 2 * Math.PI;
const mod2pi = (a: number) => ((a % TWO_PI) + TWO_PI) % TWO_PI;

function moduleOf(phi: number, along: number, lo: number, hi: number, nAlong: number): number {
  const iPhi = Math.min(63, Math.floor((mod2pi(phi) / TWO_PI) * 64));
  const iAlong = Math.max(0, Math.min(nAlong - 1, Math.floor(((along - lo) / (hi - lo)) * nAlong)));
  return 1 + iPhi * nAlong + iAlong;
}

/** The helix of one particle: position and direction after turning by α (radians of the transverse circle). */
class Helix {
  readonly radius: number;
  private readonly cx: number;
  private readonly cy: number;
  /** +1 counter-clockwise seen from +z; a positive charge in +z field turns clockwise. */
  private readonly sense: number;
  private readonly dzPerAlpha: number;
  constructor(readonly p: Particle) {
    const pt = Math.hypot(p.px, p.py);
    this.radius = MM_PER_GEV * pt;
    this.sense = -p.q;
    const phi0 = Math.atan2(p.py, p.px);
    this.cx = p.vx - this.sense * this.radius * Math.sin(phi0);
    this.cy = p.vy + this.sense * this.radius * Math.cos(phi0);
    this.dzPerAlpha = (this.radius * p.pz) / pt;
  }

  at(alpha: number): { x: number; y: number; z: number; px: number; py: number } {
    const phi0 = Math.atan2(this.p.py, this.p.px);
    const theta = phi0 + this.sense * alpha;
    const pt = Math.hypot(this.p.px, this.p.py);
    return {
      x: this.cx + this.sense * this.radius * Math.sin(theta),
      y: this.cy - this.sense * this.radius * Math.cos(theta),
      z: this.p.vz + this.dzPerAlpha * alpha,
      px: pt * Math.cos(theta),
      py: pt * Math.sin(theta),
    };
  }

  /** Smallest α in (0, π) where the transverse circle meets the cylinder of radius r, if any. */
  crossCylinder(r: number): number | null {
    const d = Math.hypot(this.cx, this.cy);
    const R = this.radius;
    if (d > R + r || d < Math.abs(R - r) || d === 0) return null;
    const a = (r * r - R * R + d * d) / (2 * d);
    const h = Math.sqrt(Math.max(0, r * r - a * a));
    const [ux, uy] = [this.cx / d, this.cy / d];
    const phi0 = Math.atan2(this.p.py, this.p.px);
    let best: number | null = null;
    for (const s of [1, -1]) {
      const [x, y] = [a * ux - s * h * uy, a * uy + s * h * ux];
      const theta = Math.atan2(this.sense * (x - this.cx), -this.sense * (y - this.cy));
      const alpha = mod2pi(this.sense * (theta - phi0));
      if (alpha > 1e-9 && alpha < Math.PI && (best === null || alpha < best)) best = alpha;
    }
    return best;
  }

  /** α at the plane z, if reached while still turning outwards. */
  crossPlane(z: number): number | null {
    if (this.dzPerAlpha === 0) return null;
    const alpha = (z - this.p.vz) / this.dzPerAlpha;
    return alpha > 0 && alpha < Math.PI ? alpha : null;
  }
}

function particleHits(rng: Random, helix: Helix, particle: number): Hit[] {
  const crossings: { alpha: number; surface: Barrel | Disk }[] = [];
  for (const b of BARRELS) {
    const alpha = helix.crossCylinder(b.r);
    if (alpha !== null && Math.abs(helix.at(alpha).z) <= b.halfZ) crossings.push({ alpha, surface: b });
  }
  for (const d of DISKS) {
    const alpha = helix.crossPlane(d.z);
    if (alpha === null) continue;
    const at = helix.at(alpha);
    const r = Math.hypot(at.x, at.y);
    if (r >= d.rMin && r <= d.rMax) crossings.push({ alpha, surface: d });
  }
  crossings.sort((a, b) => a.alpha - b.alpha);
  const hits: Hit[] = [];
  for (const { alpha, surface } of crossings) {
    const t = helix.at(alpha);
    if (Math.hypot(t.x, t.y) > R_MAX || Math.abs(t.z) > Z_MAX) break;
    if (rng.next() < 0.02) continue; // a dead or inefficient module
    const phi = Math.atan2(t.y, t.x);
    let { x, y, z } = t;
    let module: number;
    if ("r" in surface) {
      const dPhi = rng.normal(0, surface.sigma) / surface.r;
      [x, y] = [surface.r * Math.cos(phi + dPhi), surface.r * Math.sin(phi + dPhi)];
      z += rng.normal(0, 4 * surface.sigma);
      module = moduleOf(phi, t.z, -surface.halfZ, surface.halfZ, 14);
    } else {
      const r = Math.hypot(x, y) + rng.normal(0, 4 * surface.sigma);
      const dPhi = rng.normal(0, surface.sigma) / r;
      [x, y] = [r * Math.cos(phi + dPhi), r * Math.sin(phi + dPhi)];
      z = surface.z;
      module = moduleOf(phi, r, surface.rMin, surface.rMax, 8);
    }
    hits.push({
      x,
      y,
      z,
      volume: surface.volume,
      layer: surface.layer,
      module,
      particle,
      tx: t.x,
      ty: t.y,
      tz: t.z,
      tpx: t.px,
      tpy: t.py,
      tpz: helix.p.pz,
    });
  }
  return hits;
}

function noiseHit(rng: Random): Hit {
  const useDisk = rng.next() < 0.4;
  const phi = rng.uniform(-Math.PI, Math.PI);
  if (!useDisk) {
    const b = BARRELS[Math.floor(rng.next() * BARRELS.length)];
    const z = rng.uniform(-b.halfZ, b.halfZ);
    const [x, y] = [b.r * Math.cos(phi), b.r * Math.sin(phi)];
    return {
      x,
      y,
      z,
      volume: b.volume,
      layer: b.layer,
      module: moduleOf(phi, z, -b.halfZ, b.halfZ, 14),
      particle: -1,
      tx: x,
      ty: y,
      tz: z,
      tpx: 0,
      tpy: 0,
      tpz: 0,
    };
  }
  const d = DISKS[Math.floor(rng.next() * DISKS.length)];
  const r = rng.uniform(d.rMin, d.rMax);
  const [x, y] = [r * Math.cos(phi), r * Math.sin(phi)];
  return {
    x,
    y,
    z: d.z,
    volume: d.volume,
    layer: d.layer,
    module: moduleOf(phi, r, d.rMin, d.rMax, 8),
    particle: -1,
    tx: x,
    ty: y,
    tz: d.z,
    tpx: 0,
    tpy: 0,
    tpz: 0,
  };
}

/** One module of the toy detector, in the columns of the official detectors.csv. */
export interface DetectorModule {
  volume: number;
  layer: number;
  module: number;
  /** Centre (mm). */
  c: [number, number, number];
  /** The local axes u, v, w in global coordinates (rot_xu … rot_zw are their components). */
  u: [number, number, number];
  v: [number, number, number];
  w: [number, number, number];
  thickness: number;
  minHu: number;
  maxHu: number;
  hv: number;
  pitchU: number;
  pitchV: number;
}

const PITCH: Record<number, [number, number]> = {
  7: [0.05, 0.05625],
  8: [0.05, 0.05625],
  9: [0.05, 0.05625],
  12: [0.08, 1.2],
  13: [0.08, 1.2],
  14: [0.08, 1.2],
  17: [0.12, 10.4],
};

/** Every module, as moduleOf numbers them: 64 in φ times 14 in z (barrels) or 8 in r (disks). */
export function* detectorModules(): Generator<DetectorModule> {
  for (const b of BARRELS) {
    for (let iPhi = 0; iPhi < 64; iPhi++) {
      const phi = ((iPhi + 0.5) / 64) * TWO_PI;
      const [cos, sin] = [Math.cos(phi), Math.sin(phi)];
      for (let iz = 0; iz < 14; iz++) {
        const length = (2 * b.halfZ) / 14;
        yield {
          volume: b.volume,
          layer: b.layer,
          module: 1 + iPhi * 14 + iz,
          c: [b.r * cos, b.r * sin, -b.halfZ + (iz + 0.5) * length],
          u: [-sin, cos, 0],
          v: [0, 0, 1],
          w: [cos, sin, 0],
          thickness: b.volume === 8 ? 0.15 : 0.25,
          minHu: (b.r * Math.PI) / 64,
          maxHu: (b.r * Math.PI) / 64,
          hv: length / 2,
          pitchU: PITCH[b.volume][0],
          pitchV: PITCH[b.volume][1],
        };
      }
    }
  }
  for (const d of DISKS) {
    for (let iPhi = 0; iPhi < 64; iPhi++) {
      const phi = ((iPhi + 0.5) / 64) * TWO_PI;
      const [cos, sin] = [Math.cos(phi), Math.sin(phi)];
      for (let ir = 0; ir < 8; ir++) {
        const depth = (d.rMax - d.rMin) / 8;
        const r = d.rMin + (ir + 0.5) * depth;
        yield {
          volume: d.volume,
          layer: d.layer,
          module: 1 + iPhi * 8 + ir,
          c: [r * cos, r * sin, d.z],
          u: [-sin, cos, 0],
          v: [cos, sin, 0],
          w: [0, 0, 1],
          thickness: d.volume === 9 || d.volume === 7 ? 0.15 : 0.25,
          minHu: ((d.rMin + ir * depth) * Math.PI) / 64,
          maxHu: ((d.rMin + (ir + 1) * depth) * Math.PI) / 64,
          hv: depth / 2,
          pitchU: PITCH[d.volume][0],
          pitchV: PITCH[d.volume][1],
        };
      }
    }
  }
}

/**
 * A particle_id in the official bit layout (trackml-library's
 * decode_particle_id): vertex_id in bits 52–63, primary_id 36–51, generation
 * 24–35, secondary_id 12–23, process 0–11. Particles come from one of the
 * event's pile-up vertices (numbered from 1); about 10 % are secondaries
 * (generation 1, a secondary id and a process code), the others primaries
 * (generation, secondary id and process 0). Ids then have 16 to 18 digits, as
 * in the Kaggle files.
 */
function officialParticleId(rng: Random, index: number): bigint {
  const vertex = 1 + Math.floor(rng.next() * 200);
  const primary = 1 + (index % 0xffff);
  const secondary = rng.next() < 0.1;
  const generation = secondary ? 1 : 0;
  const secondaryId = secondary ? 1 + Math.floor(rng.next() * 50) : 0;
  const process = secondary ? 1 + Math.floor(rng.next() * 150) : 0;
  return (
    (BigInt(vertex) << 52n) |
    (BigInt(primary) << 36n) |
    (BigInt(generation) << 24n) |
    (BigInt(secondaryId) << 12n) |
    BigInt(process)
  );
}

/** An event of about `targetHits` hits (90 % from particles, 10 % noise), in hit_id order. */
export function generateEvent(seed: Seed, targetHits: number): TrackmlEvent {
  const rng = new Random(seed);
  const particles: Particle[] = [];
  const signalHits: Hit[] = [];
  while (signalHits.length < 0.9 * targetHits) {
    const pt = Math.min(100, 0.15 * (1 - rng.next()) ** (-1 / 2.2));
    const eta = rng.uniform(-3, 3);
    const phi = rng.uniform(-Math.PI, Math.PI);
    const q = rng.next() < 0.5 ? -1 : 1;
    const p: Particle = {
      particleId: officialParticleId(rng, particles.length),
      type: q * (rng.next() < 0.85 ? 211 : rng.next() < 0.5 ? 321 : 2212),
      vx: rng.normal(0, 0.01),
      vy: rng.normal(0, 0.01),
      vz: rng.normal(0, 55),
      px: pt * Math.cos(phi),
      py: pt * Math.sin(phi),
      pz: pt * Math.sinh(eta),
      q,
    };
    const hits = particleHits(rng, new Helix(p), particles.length);
    particles.push(p);
    signalHits.push(...hits);
  }
  const noise = Array.from({ length: Math.round(signalHits.length / 9) }, () => noiseHit(rng));
  const hits = [...signalHits, ...noise];
  for (let i = hits.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [hits[i], hits[j]] = [hits[j], hits[i]];
  }
  // As in the official files, hit_ids run through the detector: by volume, layer and module
  // (within a module in no particular order), so a particle's hits are scattered over the file.
  hits.sort((a, b) => a.volume - b.volume || a.layer - b.layer || a.module - b.module);
  const particleOf = Int32Array.from(hits, (h) => h.particle);
  const weights = trackmlHitWeights(
    hits.map((h) => ({ particleId: h.particle < 0 ? 0n : particles[h.particle].particleId, tz: h.tz })),
    particles.map((p) => ({ particleId: p.particleId, vz: p.vz, px: p.px, py: p.py })),
  );
  return { hits, particles, weights, particleOf };
}
