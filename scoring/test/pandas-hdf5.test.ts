// pandas' two HDF5 formats against pandas itself (Debian's python3-pandas
// and python3-tables, as participants and organizers have them): files
// pandas writes are read exactly, files we write are read by pandas,
// including HDFStore.select with columns, where and chunksize.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError } from "../src/parse/input-error.ts";
import {
  describePandasFrame,
  forEachPandasChunk,
  readPandasColumns,
  writePandasFrame,
} from "../src/parse/pandas-hdf5.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-hdf5-"));
const at = (name: string) => path.join(dir, name);

/** Debian's Python with pandas and PyTables (.ci/run installs them). */
function python(script: string): string {
  return execFileSync("/usr/bin/python3", ["-W", "ignore", "-c", script], { encoding: "utf8" });
}

const N = 1000;
// The same frame on both sides: float32 momenta, a float64, int64 labels, a bool.
const PANDAS_FRAME = `
import numpy as np, pandas as pd
n = ${N}
i = np.arange(n)
df = pd.DataFrame({
    "E_0": (i * 0.25).astype("float32"),
    "PX_0": (-i * 1.5).astype("float32"),
    "mass": i / 7.0,
    "ttv": (i % 3).astype("int64"),
    "is_signal_new": (i % 2).astype("int64"),
    "flag": (i % 5 == 0),
})
`;
const expected = (name: string, i: number) =>
  ({
    E_0: Math.fround(i * 0.25),
    PX_0: Math.fround(-i * 1.5),
    mass: i / 7,
    ttv: i % 3,
    is_signal_new: i % 2,
    flag: i % 5 === 0 ? 1 : 0,
  })[name]!;
const COLUMNS = ["E_0", "PX_0", "mass", "ttv", "is_signal_new", "flag"];

function assertFrame(columns: Map<string, Float64Array>, names = COLUMNS) {
  for (const name of names) {
    const values = columns.get(name)!;
    assert.equal(values.length, N, name);
    for (let i = 0; i < N; i++) if (values[i] !== expected(name, i)) assert.fail(`${name}[${i}] = ${values[i]}`);
  }
}

describe("pandas HDF5 files written by pandas", () => {
  const variants: [string, string][] = [
    ["fixed.h5", `df.to_hdf(p, key="table")`],
    ["fixed-zlib.h5", `df.to_hdf(p, key="table", complevel=9)`],
    ["table.h5", `df.to_hdf(p, key="table", format="table")`],
    ["table-zlib.h5", `df.to_hdf(p, key="table", format="table", complevel=5, complib="zlib")`],
    ["table-data-columns.h5", `df.to_hdf(p, key="table", format="table", data_columns=True)`],
    ["table-some-data-columns.h5", `df.to_hdf(p, key="table", format="table", data_columns=["is_signal_new"])`],
    [
      "table-appended.h5",
      `df.iloc[:400].to_hdf(p, key="table", format="table"); df.iloc[400:].to_hdf(p, key="table", format="table", append=True)`,
    ],
  ];
  for (const [name, write] of variants) {
    it(`reads every column exactly: ${name}`, async () => {
      python(`${PANDAS_FRAME}\np = ${JSON.stringify(at(name))}\n${write}`);
      const layout = await describePandasFrame(at(name), "table", name);
      assert.deepEqual(
        layout.columns.map((c) => c.name),
        COLUMNS,
      );
      assert.equal(layout.nRows, N);
      assert.equal(layout.format, name.startsWith("fixed") ? "fixed" : "table");
      assertFrame(await readPandasColumns(at(name), "table", COLUMNS, name));
    });
  }

  it("reads a chunk of rows at a time, the same numbers whatever the chunk", async () => {
    const name = "table.h5";
    const seen: number[] = [];
    const labels = new Float64Array(N);
    await forEachPandasChunk(
      at(name),
      "table",
      ["is_signal_new"],
      name,
      (cols, first, n) => {
        seen.push(n);
        labels.set(cols.get("is_signal_new")!, first);
      },
      1024, // bytes: a few dozen rows per chunk
    );
    assert.ok(seen.length > 10, `${seen.length} chunks`);
    assert.equal(
      seen.reduce((a, b) => a + b, 0),
      N,
    );
    assertFrame(new Map([["is_signal_new", labels]]), ["is_signal_new"]);
  });

  it("reads integer column labels (the LHC Olympics layout) by their decimal form", async () => {
    for (const format of ["fixed", "table"]) {
      const name = `int-labels-${format}.h5`;
      python(
        `import numpy as np, pandas as pd\npd.DataFrame(np.arange(12.0).reshape(4, 3), columns=[0, 1, 2100]).to_hdf(${JSON.stringify(at(name))}, key="df", format="${format}")`,
      );
      const cols = await readPandasColumns(at(name), "df", ["2100"], name);
      assert.deepEqual([...cols.get("2100")!], [2, 5, 8, 11]);
    }
  });

  it("refuses, by name, what it cannot read: blosc compression, text columns, a missing key or column", async () => {
    python(
      `import pandas as pd\ndf = pd.DataFrame({"a": [1.0, 2.0], "s": ["x", "y"]})\ndf.to_hdf(${JSON.stringify(at("blosc.h5"))}, key="t", format="table", complib="blosc", complevel=5)\ndf.to_hdf(${JSON.stringify(at("text.h5"))}, key="t", format="table")`,
    );
    const refused = async (file: string, key: string, columns: string[], message: RegExp) =>
      assert.rejects(readPandasColumns(at(file), key, columns, file), (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.match(e.message, message);
        return true;
      });
    await refused("blosc.h5", "t", ["a"], /compressed with blosc.*complib="zlib"/);
    await refused("text.h5", "t", ["s"], /"s" holds bytes, not numbers/);
    await refused("text.h5", "nope", ["a"], /no pandas frame under the key "nope" \(the file's keys: t\)/);
    await refused("text.h5", "t", ["b"], /no column b \(its columns: a, s\)/);
    // A file cut short in transfer: refused as such, not a crash of h5wasm ("name not defined!").
    const whole = readFileSync(at("text.h5"));
    writeFileSync(at("cut.h5"), whole.subarray(0, whole.length - 100));
    await refused("cut.h5", "t", ["a"], /^not a readable HDF5 file \(truncated or damaged\?\)$/);
  });
});

describe("pandas HDF5 files written here", () => {
  const frame = () => {
    const i = Array.from({ length: N }, (_, k) => k);
    return [
      {
        dtype: "<f" as const,
        columns: ["E_0", "PX_0"],
        values: Float32Array.from(i.flatMap((k) => [k * 0.25, -k * 1.5])),
      },
      { dtype: "<d" as const, columns: ["mass"], values: Float64Array.from(i, (k) => k / 7) },
      {
        dtype: "<q" as const,
        columns: ["ttv", "is_signal_new"],
        values: BigInt64Array.from(i.flatMap((k) => [BigInt(k % 3), BigInt(k % 2)])),
      },
    ];
  };
  for (const [format, complevel] of [
    ["fixed", 0],
    ["fixed", 6],
    ["table", 0],
    ["table", 6],
  ] as const) {
    it(`are read by pandas: ${format}${complevel ? `, deflate ${complevel}` : ""}`, async () => {
      const file = at(`ours-${format}-${complevel}.h5`);
      await writePandasFrame(file, "table", N, frame(), { format, complevel });
      const out = python(`
import json, numpy as np, pandas as pd
df = pd.read_hdf(${JSON.stringify(file)}, "table")
i = np.arange(${N})
ok = (df["E_0"].to_numpy() == (i * 0.25).astype("float32")).all() and (df["PX_0"].to_numpy() == (-i * 1.5).astype("float32")).all() \\
  and (df["mass"].to_numpy() == i / 7.0).all() and (df["ttv"].to_numpy() == i % 3).all() and (df["is_signal_new"].to_numpy() == i % 2).all()
print(json.dumps({"columns": list(df.columns), "dtypes": [str(t) for t in df.dtypes], "n": len(df), "index": bool((df.index == i).all()), "ok": bool(ok)}))
`);
      assert.deepEqual(JSON.parse(out), {
        columns: ["E_0", "PX_0", "mass", "ttv", "is_signal_new"],
        dtypes: ["float32", "float32", "float64", "int64", "int64"],
        n: N,
        index: true,
        ok: true,
      });
      assertFrame(await readPandasColumns(file, "table", ["E_0", "PX_0", "mass", "ttv", "is_signal_new"], file), [
        "E_0",
        "PX_0",
        "mass",
        "ttv",
        "is_signal_new",
      ]);
    });
  }

  it("in table format, answer HDFStore.select with columns, where and chunksize", async () => {
    const file = at("ours-select.h5");
    await writePandasFrame(file, "table", N, frame(), { format: "table" });
    const out = python(`
import json, pandas as pd
with pd.HDFStore(${JSON.stringify(file)}, "r") as store:
    picked = store.select("table", columns=["is_signal_new"], where="index >= 990")
    signal = store.select("table", where="is_signal_new == 1")
    chunks = [len(c) for c in store.select("table", chunksize=300)]
print(json.dumps({"picked": [list(picked.columns), len(picked)], "signal": len(signal), "chunks": chunks}))
`);
    assert.deepEqual(JSON.parse(out), { picked: [["is_signal_new"], 10], signal: N / 2, chunks: [300, 300, 300, 100] });
  });
});
