// Synthetic jets with the hls4ml jet-tagging benchmark's 16 high-level
// features and 5 classes. Each jet gets a latent groomed mass, prong count
// and particle multiplicity by class, and the features are noisy functions
// of them, so the classes overlap as in the real dataset: W and Z differ only
// by ~11 GeV of mass against a ~10 GeV resolution, a quarter of tops lose a
// prong to grooming and look like W bosons, and gluon and quark jets differ
// mostly in multiplicity. Features are raw, in the dataset's units (masses
// in GeV, multiplicities in particles), as the hls4ml jet dataset holds them;
// standardising them is the participant's job (input-scaling.ts).
import { JET_CLASSES, JET_FEATURES } from "@unblind/scoring/fpga/jet-features.ts";
import { Random, type Seed } from "../shared/random.ts";

export interface JetSample {
  /** rows × 16, row-major, raw values. */
  features: Float32Array;
  labels: Uint8Array;
}

interface ClassModel {
  prongs: number;
  mass: (r: Random) => number;
  multiplicity: number;
}

/** In JET_CLASSES order: g, q, t, W, Z. */
const CLASSES: ClassModel[] = [
  { prongs: 1, mass: (r) => Math.exp(r.normal(Math.log(25), 0.6)), multiplicity: 48 }, // g
  { prongs: 1, mass: (r) => Math.exp(r.normal(Math.log(18), 0.6)), multiplicity: 30 }, // q
  { prongs: 3, mass: (r) => (r.next() < 0.25 ? r.normal(80.4, 12) : r.normal(172.5, 18)), multiplicity: 58 }, // t
  {
    prongs: 2,
    mass: (r) => (r.next() < 0.2 ? Math.exp(r.normal(Math.log(30), 0.6)) : r.normal(80.4, 10)),
    multiplicity: 38,
  }, // W
  {
    prongs: 2,
    mass: (r) => (r.next() < 0.2 ? Math.exp(r.normal(Math.log(32), 0.6)) : r.normal(91.2, 10)),
    multiplicity: 40,
  }, // Z
];

function rawFeatures(r: Random, cls: ClassModel, out: Float64Array): void {
  // A quarter of tops lose a prong with their mass.
  const mass = Math.max(1, cls.mass(r));
  const prongs = cls.prongs === 3 && mass < 120 ? 2 : cls.prongs;
  const multiplicity = Math.max(3, Math.round(cls.multiplicity * Math.exp(r.normal(0, 0.25))));
  const pronginess = prongs + r.normal(0, 0.45); // the substructure's view of the prong count
  const n2 = 0.42 - 0.07 * pronginess + r.normal(0, 0.05);
  const d2 = Math.exp(1.3 - 0.35 * pronginess + r.normal(0, 0.3));
  const values = [
    Math.log(multiplicity) * (1 + r.normal(0, 0.08)) + 0.1 * pronginess, // j_zlogz
    0.1 + 0.04 * pronginess + r.normal(0, 0.03), // j_c1_b0_mmdt
    0.05 + 0.03 * pronginess + r.normal(0, 0.02), // j_c1_b1_mmdt
    0.03 + 0.02 * pronginess + r.normal(0, 0.015), // j_c1_b2_mmdt
    d2 * 0.12 + r.normal(0, 0.03), // j_c2_b1_mmdt
    d2 * 0.08 + r.normal(0, 0.025), // j_c2_b2_mmdt
    d2 + r.normal(0, 0.4), // j_d2_b1_mmdt
    d2 * 0.8 + r.normal(0, 0.4), // j_d2_b2_mmdt
    d2 * 1.1 + r.normal(0, 0.5), // j_d2_a1_b1_mmdt
    d2 * 0.9 + r.normal(0, 0.5), // j_d2_a1_b2_mmdt
    0.05 + 0.02 * (3 - pronginess) + r.normal(0, 0.02), // j_m2_b1_mmdt
    0.03 + 0.015 * (3 - pronginess) + r.normal(0, 0.015), // j_m2_b2_mmdt
    n2, // j_n2_b1_mmdt
    n2 * 0.9 + r.normal(0, 0.05), // j_n2_b2_mmdt
    mass * (1 + r.normal(0, 0.05)), // j_mass_mmdt
    multiplicity + r.normal(0, 2), // j_multiplicity
  ];
  out.set(values);
}

/** Draws n jets, equal shares of each class in random order. */
export function generateJets(seed: Seed, n: number): JetSample {
  const r = new Random(seed);
  const width = JET_FEATURES.length;
  const features = new Float32Array(n * width);
  const labels = new Uint8Array(n);
  const row = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    const y = Math.floor(r.next() * JET_CLASSES.length);
    labels[i] = y;
    rawFeatures(r, CLASSES[y], row);
    features.set(row, i * width);
  }
  return { features, labels };
}
