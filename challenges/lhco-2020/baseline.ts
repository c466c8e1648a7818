// Baselines for the LHC Olympics: jets are the particles within ΔR < 1 of the
// hardest particle, then of the hardest one left (a crude anti-kT).
// - R&D / anomaly scores: the heavier jet's mass in TeV (`event_index,score`).
// - Black box: a bump hunt in the dijet mass of events with two massive jets,
//   printed as a structured answer (JSON).
import path from "node:path";
import { readPandasColumns } from "@unblind/scoring/parse/pandas-hdf5.ts";
import { MAX_PARTICLES } from "./generate-events.ts";

interface Event {
  /** Jet masses, heavier first, and the dijet mass, GeV. */
  mHeavy: number;
  mLight: number;
  mjj: number;
}

type P4 = [number, number, number, number];
const mass = ([e, x, y, z]: P4) => Math.sqrt(Math.max(0, e * e - x * x - y * y - z * z));

function jets(pt: number[], eta: number[], phi: number[]): Event {
  const used = new Array<boolean>(pt.length).fill(false);
  const found: P4[] = [];
  for (let j = 0; j < 2; j++) {
    let seed = -1;
    for (let i = 0; i < pt.length; i++) if (!used[i] && pt[i] > 0 && (seed < 0 || pt[i] > pt[seed])) seed = i;
    const sum: P4 = [0, 0, 0, 0];
    if (seed >= 0) {
      for (let i = 0; i < pt.length; i++) {
        const dphi = Math.abs(((phi[i] - phi[seed] + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
        if (used[i] || pt[i] <= 0 || Math.hypot(eta[i] - eta[seed], dphi) >= 1) continue;
        used[i] = true;
        sum[0] += pt[i] * Math.cosh(eta[i]);
        sum[1] += pt[i] * Math.cos(phi[i]);
        sum[2] += pt[i] * Math.sin(phi[i]);
        sum[3] += pt[i] * Math.sinh(eta[i]);
      }
    }
    found.push(sum);
  }
  const [m1, m2] = [mass(found[0]), mass(found[1])];
  return {
    mHeavy: Math.max(m1, m2),
    mLight: Math.min(m1, m2),
    mjj: mass(found[0].map((v, k) => v + found[1][k]) as P4),
  };
}

export async function readEvents(input: string): Promise<Event[]> {
  const names = Array.from({ length: 3 * MAX_PARTICLES }, (_, i) => String(i));
  const table = await readPandasColumns(input, "df", names, path.basename(input));
  const columns = names.map((n) => table.get(n)!);
  const events: Event[] = [];
  for (let r = 0; r < columns[0].length; r++) {
    const pt: number[] = [],
      eta: number[] = [],
      phi: number[] = [];
    for (let i = 0; i < MAX_PARTICLES && columns[3 * i][r] > 0; i++) {
      pt.push(columns[3 * i][r]);
      eta.push(columns[3 * i + 1][r]);
      phi.push(columns[3 * i + 2][r]);
    }
    events.push(jets(pt, eta, phi));
  }
  return events;
}

export async function lhcoScoresBaseline(input: string, write: (chunk: string) => void): Promise<void> {
  const events = await readEvents(input);
  write(`event_index,score\n${events.map((e, i) => `${i},${(e.mHeavy / 1000).toPrecision(6)}`).join("\n")}\n`);
}

/**
 * Bump hunt: events with both jets heavier than 200 and 60 GeV, binned in m_jj
 * (200 GeV bins from 2.6 TeV); the background in each bin is the mean of its
 * neighbours two bins away; the bin with the largest local significance (at least 2 expected)
 * gives the mass, the excess the number of signal events (not corrected for
 * the selection), and the one-sided Gaussian p-value.
 */
export async function lhcoBlackBoxBaseline(input: string, write: (chunk: string) => void): Promise<void> {
  const events = await readEvents(input);
  const [lo, width, bins] = [2600, 200, 30];
  const counts = new Array<number>(bins).fill(0);
  for (const e of events) {
    const b = Math.floor((e.mjj - lo) / width);
    if (e.mHeavy > 200 && e.mLight > 60 && b >= 0 && b < bins) counts[b]++;
  }
  let best = { z: -Infinity, bin: 0, excess: 0 };
  for (let b = 2; b < bins - 2; b++) {
    const expected = Math.max(2, (counts[b - 2] + counts[b + 2]) / 2);
    const z = (counts[b] - expected) / Math.sqrt(expected);
    if (z > best.z) best = { z, bin: b, excess: counts[b] - expected };
  }
  const pValue = Math.min(1, 0.5 * erfc(best.z / Math.SQRT2));
  const answer = {
    pValue: Number(pValue.toPrecision(3)),
    resonanceMass: { value: lo + (best.bin + 0.5) * width, sigma: width },
    nSignal: {
      value: Math.max(0, Math.round(best.excess)),
      sigma: Math.max(1, Math.round(Math.sqrt(counts[best.bin]))),
    },
    description: `Baseline bump hunt: largest local excess ${best.z.toFixed(1)}σ in m_jj bin ${best.bin} (two jets above 200 and 60 GeV).`,
  };
  write(`${JSON.stringify(answer, null, 2)}\n`);
}

/** Complementary error function (Numerical Recipes erfcc, |error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
