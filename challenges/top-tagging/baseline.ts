// Baseline tagger: the jet mass, computed from the constituents of test.h5,
// mapped to (0, 1) by a logistic function centred between the QCD and top
// mass peaks. Prints `id,score` for every jet.
import { readPandasColumns } from "@unblind/scoring/parse/pandas-hdf5.ts";
import { MAX_CONSTITUENTS } from "./generate-jets.ts";
import path from "node:path";

export async function topTaggingBaseline(input: string, write: (chunk: string) => void): Promise<void> {
  const names = Array.from({ length: MAX_CONSTITUENTS }, (_, i) => [`E_${i}`, `PX_${i}`, `PY_${i}`, `PZ_${i}`]).flat();
  const cols = await readPandasColumns(input, "table", names, path.basename(input));
  const n = cols.get("E_0")!.length;
  write("id,score\n");
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    let e = 0, px = 0, py = 0, pz = 0;
    for (let i = 0; i < MAX_CONSTITUENTS; i++) {
      e += cols.get(`E_${i}`)![r];
      px += cols.get(`PX_${i}`)![r];
      py += cols.get(`PY_${i}`)![r];
      pz += cols.get(`PZ_${i}`)![r];
    }
    const mass = Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz));
    lines.push(`${r},${(1 / (1 + Math.exp(-(mass - 130) / 15))).toPrecision(8)}`);
  }
  write(`${lines.join("\n")}\n`);
}
