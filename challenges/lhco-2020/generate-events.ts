// Synthetic LHC Olympics 2020 events in the official layout (Kasieczka,
// Nachman, Shih et al., Rep. Prog. Phys. 84 (2021) 124201): per event the
// (pT, η, φ) of up to 700 particles, interleaved, pT-ordered and zero-padded
// to 2100 columns.
//
// Physics of the toy: every event is a dijet. The background dijet mass falls
// as m^-6 above 2.6 TeV, and its jets are one-prong QCD jets with a soft
// splitting (jet mass a few % of pT). A signal X → Y Z sits at m_X with a 5 %
// width; Y and Z decay to two quarks, so each jet is two-prong with the
// daughter's mass (label 1). Label 2 is X → q q: a resonance of plain
// QCD-like jets. Soft underlying-event particles fill the rest.
import { Random, type Seed } from "../shared/random.ts";

export const MAX_PARTICLES = 700;
export const EVENT_COLUMNS = 3 * MAX_PARTICLES;

/** A signal process injected into a set of events. */
export interface SignalSpec {
  /** Resonance mass m_X and daughter masses m_Y, m_Z, GeV. */
  resonanceMass: number;
  daughterMasses: [number, number] | null;
  count: number;
  /** 1: X → Y Z with two-prong Y, Z; 2: X → q q. */
  label: 1 | 2;
}

interface Particle {
  pt: number;
  eta: number;
  phi: number;
}

const wrapPhi = (phi: number) => ((((phi + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) - Math.PI;

/** `n` particles sharing `pt` around a prong axis. */
function prong(rng: Random, out: Particle[], pt: number, eta: number, phi: number, n: number): void {
  const weights = Array.from({ length: n }, () => rng.exponential(1) ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  for (const w of weights)
    out.push({ pt: (pt * w) / total, eta: eta + rng.normal(0, 0.02), phi: wrapPhi(phi + rng.normal(0, 0.02)) });
}

/**
 * A jet of transverse momentum `pt` and mass `mass`: two prongs sharing the
 * momentum z : 1 − z at the opening angle that gives the mass,
 * m² ≈ z (1 − z) pT² ΔR². Two-prong jets split evenly, QCD jets unevenly.
 */
function jet(
  rng: Random,
  out: Particle[],
  pt: number,
  eta: number,
  phi: number,
  mass: number,
  twoProng: boolean,
): void {
  const z = twoProng ? rng.uniform(0.25, 0.5) : rng.uniform(0.03, 0.12);
  const dr = Math.min(1.0, mass / (pt * Math.sqrt(z * (1 - z))));
  const angle = rng.uniform(0, 2 * Math.PI);
  const [dEta, dPhi] = [dr * Math.cos(angle), dr * Math.sin(angle)];
  // Prong axes placed so that the pT-weighted axis stays on the jet axis.
  prong(rng, out, pt * (1 - z), eta - z * dEta, phi - z * dPhi, 8 + rng.poisson(twoProng ? 12 : 18));
  prong(rng, out, pt * z, eta + (1 - z) * dEta, phi + (1 - z) * dPhi, 4 + rng.poisson(twoProng ? 12 : 5));
}

/** One event as 2100 values, and its label (0 background, 1 or 2 signal). */
export function generateEvent(rng: Random, signal: SignalSpec | null): Float32Array {
  const mjj = signal
    ? rng.normal(signal.resonanceMass, 0.05 * signal.resonanceMass)
    : Math.min(9000, 2600 * (1 - rng.next()) ** (-1 / 5));
  const yStar = Math.max(-1.3, Math.min(1.3, rng.normal(0, 0.6)));
  const yBoost = rng.normal(0, 0.7);
  const pt = mjj / (2 * Math.cosh(yStar));
  const phi1 = rng.uniform(-Math.PI, Math.PI);
  const phi2 = wrapPhi(phi1 + Math.PI + rng.normal(0, 0.05));
  const qcdMass = () => pt * Math.min(0.35, Math.exp(rng.normal(Math.log(0.05), 0.6)));
  let masses: [number, number];
  let twoProng = false;
  if (signal?.label === 1 && signal.daughterMasses) {
    masses = rng.next() < 0.5 ? [...signal.daughterMasses] : [signal.daughterMasses[1], signal.daughterMasses[0]];
    twoProng = true;
  } else {
    masses = [qcdMass(), qcdMass()];
  }
  const particles: Particle[] = [];
  jet(rng, particles, pt, yBoost + yStar, phi1, masses[0], twoProng);
  jet(rng, particles, pt, yBoost - yStar, phi2, masses[1], twoProng);
  const soft = 40 + rng.poisson(40);
  for (let i = 0; i < soft; i++)
    particles.push({
      pt: 0.3 + rng.exponential(1.5),
      eta: rng.uniform(-2.5, 2.5),
      phi: rng.uniform(-Math.PI, Math.PI),
    });

  particles.sort((a, b) => b.pt - a.pt);
  const row = new Float32Array(EVENT_COLUMNS);
  particles.slice(0, MAX_PARTICLES).forEach((p, i) => row.set([p.pt, p.eta, p.phi], 3 * i));
  return row;
}

export interface EventSet {
  /** Row-major events × 2100. */
  values: Float32Array;
  /** 0 background, else the label of the signal process, in event order. */
  labels: Uint8Array;
}

/** `background` background events and each signal's events, shuffled (seeded). */
export function generateEventSet(seed: Seed, background: number, signals: SignalSpec[]): EventSet {
  const rng = new Random(seed);
  const specs: (SignalSpec | null)[] = [
    ...Array<null>(background).fill(null),
    ...signals.flatMap((s) => Array<SignalSpec>(s.count).fill(s)),
  ];
  for (let i = specs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [specs[i], specs[j]] = [specs[j], specs[i]];
  }
  const values = new Float32Array(specs.length * EVENT_COLUMNS);
  const labels = new Uint8Array(specs.length);
  specs.forEach((spec, i) => {
    values.set(generateEvent(rng, spec), i * EVENT_COLUMNS);
    labels[i] = spec?.label ?? 0;
  });
  return { values, labels };
}
