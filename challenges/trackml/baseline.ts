// Baseline track finder: a two-stage Hough transform for helices from the
// beam line. Stage 1 votes in (φ0, κ, coarse cot θ): a track with curvature
// κ = q/R and azimuth φ0 passes a hit at (r, φ) when φ0 = φ − asin(r κ / 2),
// and its cot θ lies within (z ± 150 mm)/r for a vertex within 150 mm of
// z = 0. Each hit joins its fullest cell. Stage 2, within a cell: z = z0 +
// s cot θ with s = (2/κ) asin(r κ / 2) the transverse arc length; each hit
// votes once per z0 bin and joins its fullest (z0, cot θ) cell. Groups of
// fewer than 4 hits become noise (track 0).
// Reads `event*-hits.csv` files; prints `event_id,hit_id,track_id`.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const N_PHI = 250;
const N_KAPPA = 151;
const KAPPA_MAX = 1 / 220; // 1/mm: pT above about 0.13 GeV in 2 T
const N_COT = 48;
const COT_MAX = 12;
const VERTEX_Z = 150;
const Z0_BINS = Array.from({ length: 201 }, (_, i) => -200 + 2 * i);
const COT_BIN = 0.04;
const MIN_HITS = 4;

interface Hits {
  id: Int32Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

async function readHits(file: string): Promise<Hits> {
  const lines = (await readFile(file, "latin1")).split("\n");
  const header = lines[0].trim().split(",");
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path.basename(file)}: no ${name} column`);
    return i;
  };
  const [ci, cx, cy, cz] = [col("hit_id"), col("x"), col("y"), col("z")];
  const rows = lines.slice(1).filter((l) => l.trim() !== "");
  const hits: Hits = {
    id: new Int32Array(rows.length),
    x: new Float64Array(rows.length),
    y: new Float64Array(rows.length),
    z: new Float64Array(rows.length),
  };
  rows.forEach((line, i) => {
    const f = line.split(",");
    hits.id[i] = Number(f[ci]);
    hits.x[i] = Number(f[cx]);
    hits.y[i] = Number(f[cy]);
    hits.z[i] = Number(f[cz]);
  });
  return hits;
}

const kappaOf = (k: number) => -KAPPA_MAX + (2 * KAPPA_MAX * k) / (N_KAPPA - 1);

/** Arc length in the transverse plane from the beam line to radius r on a circle of curvature κ. */
const arc = (r: number, kappa: number) =>
  Math.abs(kappa) < 1e-9 ? r : (2 / Math.abs(kappa)) * Math.asin(Math.min(1, (r * Math.abs(kappa)) / 2));

/**
 * Each hit to the fullest of the cells it votes for (ties to the lowest cell,
 * so hits that saw the same plateau agree); -1 when it votes for none.
 */
function fullest(n: number, cellsOf: (i: number) => number[]): Int32Array {
  const voted = Array.from({ length: n }, (_, i) => cellsOf(i));
  const counts = new Map<number, number>();
  for (const cells of voted) for (const c of cells) counts.set(c, (counts.get(c) ?? 0) + 1);
  return Int32Array.from(voted, (cells) => {
    let [top, best] = [0, -1];
    for (const c of cells) {
      const v = counts.get(c)!;
      if (v > top || (v === top && c < best)) [top, best] = [v, c];
    }
    return best;
  });
}

const cotBin = (cot: number) => Math.floor(((cot + COT_MAX) / (2 * COT_MAX)) * N_COT);

export function findTracks(hits: Hits): Int32Array {
  const n = hits.id.length;
  const r = Float64Array.from(hits.x, (x, i) => Math.hypot(x, hits.y[i]));
  const phi = Float64Array.from(hits.x, (x, i) => Math.atan2(hits.y[i], x));
  const transverse = fullest(n, (i) => {
    const cells: number[] = [];
    const [cotLo, cotHi] = [
      Math.max(0, cotBin((hits.z[i] - VERTEX_Z) / r[i])),
      Math.min(N_COT - 1, cotBin((hits.z[i] + VERTEX_Z) / r[i])),
    ];
    for (let k = 0; k < N_KAPPA; k++) {
      const s = (r[i] * kappaOf(k)) / 2;
      if (Math.abs(s) >= 1) continue;
      const phi0 = phi[i] - Math.asin(s);
      const iPhi = ((Math.floor(((phi0 + Math.PI) / (2 * Math.PI)) * N_PHI) % N_PHI) + N_PHI) % N_PHI;
      for (let c = cotLo; c <= cotHi; c++) cells.push((iPhi * N_KAPPA + k) * N_COT + c);
    }
    return cells;
  });
  const groups = new Map<number, number[]>();
  transverse.forEach((cell, i) => {
    if (cell >= 0) groups.set(cell, [...(groups.get(cell) ?? []), i]);
  });
  const track = new Int32Array(n);
  let next = 1;
  for (const [cell, members] of groups) {
    if (members.length < MIN_HITS) continue;
    const kappa = kappaOf(Math.floor(cell / N_COT) % N_KAPPA);
    const longitudinal = fullest(members.length, (m) => {
      const i = members[m];
      const s = arc(r[i], kappa);
      return Z0_BINS.map((z0, b) => b * 100_000 + Math.round((hits.z[i] - z0) / s / COT_BIN) + 50_000);
    });
    const byCell = new Map<number, number[]>();
    longitudinal.forEach((c, m) => byCell.set(c, [...(byCell.get(c) ?? []), members[m]]));
    for (const group of byCell.values()) {
      if (group.length < MIN_HITS) continue;
      for (const i of group) track[i] = next;
      next++;
    }
  }
  return track;
}

/** `input`: a hits file, or a directory whose test events (hits files without a truth file) are read. */
export async function trackmlBaseline(input: string, write: (chunk: string) => void): Promise<void> {
  const names = input.endsWith(".csv") ? [] : await readdir(input);
  const isTest = (f: string) => /^event\d+-hits\.csv$/.test(f) && !names.includes(f.replace("-hits.csv", "-truth.csv"));
  const files = input.endsWith(".csv")
    ? [input]
    : names
        .filter(isTest)
        .sort()
        .map((f) => path.join(input, f));
  if (files.length === 0) throw new Error(`no event*-hits.csv files in ${input}`);
  write("event_id,hit_id,track_id\n");
  for (const file of files) {
    const eventId = Number(/event(\d+)-hits\.csv$/.exec(file)![1]);
    const hits = await readHits(file);
    const tracks = findTracks(hits);
    const lines: string[] = [];
    for (let i = 0; i < hits.id.length; i++) lines.push(`${eventId},${hits.id[i]},${tracks[i]}`);
    write(`${lines.join("\n")}\n`);
  }
}
