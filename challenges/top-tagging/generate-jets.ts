// Synthetic top-tagging jets in the reference format of Kasieczka et al.
// (SciPost Phys. 7 (2019) 014, "The Machine Learning Landscape of Top
// Taggers"): per jet the 200 leading constituents' (E, px, py, pz), sorted by
// pT and zero-padded, then truthE..truthPZ, ttv and is_signal_new.
//
// Physics of the toy: top jets are three-prong with a mass near 173 GeV; QCD
// jets are one hard prong with a soft splitting and a falling mass spectrum.
// A plain jet-mass cut then reaches an AUC of about 0.85.
import { Random, type Seed } from "../shared/random.ts";

export const MAX_CONSTITUENTS = 200;
export const CONSTITUENT_COLUMNS = Array.from({ length: MAX_CONSTITUENTS }, (_, i) => [
  `E_${i}`,
  `PX_${i}`,
  `PY_${i}`,
  `PZ_${i}`,
]).flat();
export const TRUTH_COLUMNS = ["truthE", "truthPX", "truthPY", "truthPZ"];

interface Constituent {
  pt: number;
  eta: number;
  phi: number;
}

export interface Jet {
  /** 4 × MAX_CONSTITUENTS values: E, px, py, pz per constituent, pT-ordered. */
  constituents: Float32Array;
  truth: [number, number, number, number];
  isSignal: boolean;
}

function fourVector(c: Constituent): [number, number, number, number] {
  return [c.pt * Math.cosh(c.eta), c.pt * Math.cos(c.phi), c.pt * Math.sin(c.phi), c.pt * Math.sinh(c.eta)];
}

function invariantMass(parts: Constituent[]): number {
  let e = 0,
    px = 0,
    py = 0,
    pz = 0;
  for (const c of parts) {
    const [ce, cx, cy, cz] = fourVector(c);
    e += ce;
    px += cx;
    py += cy;
    pz += cz;
  }
  return Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz));
}

/** Splits a prong of transverse momentum `pt` into `n` collinear-ish constituents. */
function shower(rng: Random, pt: number, eta: number, phi: number, n: number, spread: number): Constituent[] {
  const weights = Array.from({ length: n }, () => rng.exponential(1) ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => ({
    pt: (pt * w) / total,
    eta: eta + rng.normal(0, spread),
    phi: phi + rng.normal(0, spread),
  }));
}

export function generateJet(rng: Random, isSignal: boolean): Jet {
  const jetPt = rng.uniform(550, 650);
  const jetEta = rng.uniform(-2, 2);
  const jetPhi = rng.uniform(-Math.PI, Math.PI);
  const targetMass = isSignal ? rng.normal(173, 28) : 15 + rng.exponential(75);

  // Prong momentum fractions and directions (offsets from the jet axis).
  const fractions = isSignal ? [rng.uniform(0.25, 0.55), rng.uniform(0.15, 0.4), 0] : [rng.uniform(0.75, 0.95), 0];
  fractions[fractions.length - 1] = 1 - fractions.slice(0, -1).reduce((a, b) => a + b, 0);
  const offsets = fractions.map(() => {
    const angle = rng.uniform(0, 2 * Math.PI);
    const r = rng.uniform(0.3, 1);
    return [r * Math.cos(angle), r * Math.sin(angle)];
  });
  // Centre the offsets on the pT-weighted axis so the jet axis stays put.
  const cEta = offsets.reduce((a, o, i) => a + o[0] * fractions[i], 0);
  const cPhi = offsets.reduce((a, o, i) => a + o[1] * fractions[i], 0);

  const parts: Constituent[] = [];
  fractions.forEach((z, i) => {
    const n = Math.max(2, rng.poisson(isSignal ? 11 : i === 0 ? 22 : 6));
    parts.push(...shower(rng, jetPt * z * 0.97, offsets[i][0] - cEta, offsets[i][1] - cPhi, n, 0.015));
  });
  // Soft, wide-angle radiation and underlying event: about 3 % of the pT.
  const nSoft = 8 + rng.poisson(8);
  for (let i = 0; i < nSoft; i++) {
    parts.push({
      pt: (jetPt * 0.03 * rng.exponential(1)) / nSoft,
      eta: rng.uniform(-0.8, 0.8),
      phi: rng.uniform(-0.8, 0.8),
    });
  }

  // Scale angular offsets so the jet mass lands near the target (mass grows
  // about linearly with the opening angles). Soft particles stay put.
  const hard = parts.length - nSoft;
  for (let iteration = 0; iteration < 3; iteration++) {
    const m = invariantMass(parts);
    const scale = Math.min(3, Math.max(0.2, targetMass / Math.max(m, 1e-6)));
    for (let k = 0; k < hard; k++) {
      parts[k].eta *= scale;
      parts[k].phi *= scale;
    }
  }
  for (const p of parts) {
    p.eta += jetEta;
    p.phi = ((p.phi + jetPhi + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
  }

  parts.sort((a, b) => b.pt - a.pt);
  const constituents = new Float32Array(4 * MAX_CONSTITUENTS);
  parts.slice(0, MAX_CONSTITUENTS).forEach((p, i) => constituents.set(fourVector(p), 4 * i));
  let truth: [number, number, number, number] = [0, 0, 0, 0];
  if (isSignal) {
    const sum = [0, 0, 0, 0];
    for (const p of parts) fourVector(p).forEach((v, i) => (sum[i] += v));
    truth = [sum[0] * 1.02, sum[1] * 1.02, sum[2] * 1.02, sum[3] * 1.02];
  }
  return { constituents, truth, isSignal };
}

export function generateJets(seed: Seed, count: number, signalFraction = 0.5): Jet[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => generateJet(rng, rng.next() < signalFraction));
}
