// The top-tagging benchmark's inputs as the organizer and a participant hold
// them: the public test.h5's layout (404,000 jets × 806 columns: E_0 … PZ_199
// and the truth four-vector as float32, ttv and is_signal_new as int64, in
// pandas' table format, about 1.3 GB), written by Debian's pandas; and a
// submission `id,score` from a tagger of AUC ≈ 0.98 (six decimals, as a
// participant's CSV writer gives). Cached under the system temp directory.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TopTaggingBenchData {
  truth: string;
  submission: string;
}

/** The files, or null when Debian's pandas and PyTables are missing (the benchmark then says so). */
export function topTaggingBenchData(jets = 404_000): TopTaggingBenchData | null {
  const root = path.join(os.tmpdir(), `unblind-bench-top-tagging-v1-${jets}`);
  const truth = path.join(root, "test.h5");
  const submission = path.join(root, "submission.csv");
  const done = path.join(root, "complete");
  if (existsSync(done)) return { truth, submission };
  mkdirSync(root, { recursive: true });
  process.stderr.write(`writing the ${jets}-jet top-tagging test.h5 (table format) in ${root} (once)…\n`);
  try {
    execFileSync(
      "/usr/bin/python3",
      [
        "-W",
        "ignore",
        "-c",
        `
import numpy as np, pandas as pd
rng = np.random.default_rng(20261201)
n = ${jets}
cols = [f"{c}_{i}" for i in range(200) for c in ("E", "PX", "PY", "PZ")]
df = pd.DataFrame(rng.normal(size=(n, 800)).astype("float32"), columns=cols)
for c in ("truthE", "truthPX", "truthPY", "truthPZ"):
    df[c] = rng.normal(size=n).astype("float32")
df["ttv"] = np.full(n, 2, dtype="int64")
y = rng.integers(0, 2, size=n).astype("int64")
df["is_signal_new"] = y
df.to_hdf(${JSON.stringify(truth)}, key="table", format="table")
x = rng.normal(size=n) + np.where(y == 1, 1.45, -1.45)
s = 1 / (1 + np.exp(-x))
with open(${JSON.stringify(submission)}, "w") as f:
    f.write("id,score\\n")
    f.write("".join(f"{i},{v:.6f}\\n" for i, v in enumerate(s)))
`,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  } catch {
    return null;
  }
  writeFileSync(done, "");
  return { truth, submission };
}
