// Baseline tagger: the jet mass, computed from the constituents of test.h5,
// mapped to (0, 1) by a logistic function centred between the QCD and top
// mass peaks. Prints `id,score` for every jet.
import path from "node:path";
import { readPandasColumns } from "@unblind/scoring/parse/pandas-hdf5.ts";
import { CONSTITUENT_COLUMNS } from "./generate-jets.ts";

export async function topTaggingBaseline(input: string, write: (chunk: string) => void): Promise<void> {
  const cols = await readPandasColumns(input, "table", CONSTITUENT_COLUMNS, path.basename(input));
  // Looked up once: columns in E, PX, PY, PZ order for each constituent.
  const columns = CONSTITUENT_COLUMNS.map((name) => cols.get(name)!);
  const n = columns[0].length;
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    let e = 0,
      px = 0,
      py = 0,
      pz = 0;
    for (let c = 0; c < columns.length; c += 4) {
      e += columns[c][r];
      px += columns[c + 1][r];
      py += columns[c + 2][r];
      pz += columns[c + 3][r];
    }
    const mass = Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz));
    lines.push(`${r},${(1 / (1 + Math.exp(-(mass - 130) / 15))).toPrecision(8)}`);
  }
  write(`id,score\n${lines.join("\n")}\n`);
}
