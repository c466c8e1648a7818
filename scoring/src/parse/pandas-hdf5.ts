// Reads and writes DataFrames in pandas' HDF5 "fixed" format (what
// `df.to_hdf(path, key="table")` writes and `pd.read_hdf(path, "table")`
// reads), through h5wasm. This is the format of the public top-tagging
// reference dataset: group /table with axis0 (column names), axis1 (row
// index) and one blockK_items/blockK_values pair per dtype, values stored as
// rows × columns with the `transposed` attribute set, as pandas does.
import { InputError } from "./input-error.ts";

export interface FrameBlock {
  /** h5wasm (struct-module) codes: "<f" float32, "<d" float64, "<q" int64. */
  dtype: "<f" | "<d" | "<q";
  /** Column labels: strings, or integers as in the LHC Olympics files (columns 0 … 2100). */
  columns: string[] | number[];
  /** Row-major rows × columns. */
  values: Float32Array | Float64Array | BigInt64Array;
}

/**
 * h5wasm, loaded on first use: CSV scoring never instantiates WebAssembly,
 * whose memory reservation (~10 GiB of address space) would not fit the
 * scoring sandbox's address-space limit.
 */
let loaded: Promise<typeof import("h5wasm/node").default> | undefined;
function h5() {
  loaded ??= import("h5wasm/node").then(async ({ default: h5wasm }) => {
    await h5wasm.ready;
    return h5wasm;
  });
  return loaded;
}

/** An index of labels as pandas stores it: fixed-width strings, or int64 for integer labels. */
function labelIndex(labels: string[] | number[]): {
  data: string[] | BigInt64Array;
  dtype: string;
  kind: "string" | "integer";
} {
  if (labels.every((l) => typeof l === "number"))
    return { data: BigInt64Array.from(labels as number[], BigInt), dtype: "<q", kind: "integer" };
  const names = labels as string[];
  const width = Math.max(1, ...names.map((n) => Buffer.byteLength(n)));
  return { data: names, dtype: `A${width}`, kind: "string" };
}

export async function writePandasFrame(path: string, key: string, nRows: number, blocks: FrameBlock[]): Promise<void> {
  const lib = await h5();
  const file = new lib.File(path, "w");
  try {
    const group = file.create_group(key);
    const attrs: [string, string | number][] = [
      ["pandas_type", "frame"],
      ["pandas_version", "0.15.2"],
      ["encoding", "UTF-8"],
      ["errors", "strict"],
      ["axis0_variety", "regular"],
      ["axis1_variety", "regular"],
    ];
    for (const [name, value] of attrs) group.create_attribute(name, value);
    group.create_attribute("ndim", 2);
    group.create_attribute("nblocks", blocks.length);
    const allColumns = blocks.flatMap((b): (string | number)[] => b.columns);
    const axis0 = labelIndex(allColumns as string[] | number[]);
    const a0 = group.create_dataset({
      name: "axis0",
      data: axis0.data,
      shape: [allColumns.length],
      dtype: axis0.dtype,
    });
    a0.create_attribute("kind", axis0.kind);
    a0.create_attribute("transposed", 1);
    const index = new BigInt64Array(nRows);
    for (let i = 0; i < nRows; i++) index[i] = BigInt(i);
    const a1 = group.create_dataset({ name: "axis1", data: index, shape: [nRows], dtype: "<q" });
    a1.create_attribute("kind", "integer");
    a1.create_attribute("transposed", 1);
    blocks.forEach((block, k) => {
      group.create_attribute(`block${k}_items_variety`, "regular");
      const items = labelIndex(block.columns);
      const it = group.create_dataset({
        name: `block${k}_items`,
        data: items.data,
        shape: [block.columns.length],
        dtype: items.dtype,
      });
      it.create_attribute("kind", items.kind);
      it.create_attribute("transposed", 1);
      const vals = group.create_dataset({
        name: `block${k}_values`,
        data: block.values,
        shape: [nRows, block.columns.length],
        dtype: block.dtype,
      });
      vals.create_attribute("transposed", 1);
    });
  } finally {
    file.close();
  }
}

/**
 * Reads the named columns of a pandas fixed-format frame as float64 arrays;
 * integer column labels are named by their decimal form ("2100").
 * Missing columns or a file that is not such a frame are located errors.
 */
export async function readPandasColumns(
  path: string,
  key: string,
  wanted: string[],
  label: string,
): Promise<Map<string, Float64Array>> {
  const lib = await h5();
  let file: InstanceType<typeof lib.File>;
  try {
    file = new lib.File(path, "r");
  } catch {
    throw new InputError("not a readable HDF5 file", label);
  }
  try {
    const group = file.get(key) as InstanceType<typeof lib.Group> | null;
    if (!group || !(group instanceof lib.Group)) throw new InputError(`no pandas table under the key "${key}"`, label);
    const nBlocks = Number(group.get_attribute("nblocks", true) ?? 0);
    const out = new Map<string, Float64Array>();
    for (let k = 0; k < nBlocks; k++) {
      const items = Array.from(
        (group.get(`block${k}_items`) as InstanceType<typeof lib.Dataset>).value as ArrayLike<string | bigint>,
        String,
      );
      const values = group.get(`block${k}_values`) as InstanceType<typeof lib.Dataset>;
      const [nRows, nCols] = values.shape as number[];
      const wantedHere = wanted.filter((w) => items.includes(w));
      if (wantedHere.length === 0) continue;
      const raw = values.value as ArrayLike<number | bigint>;
      for (const name of wantedHere) {
        const c = items.indexOf(name);
        const column = new Float64Array(nRows);
        for (let r = 0; r < nRows; r++) column[r] = Number(raw[r * nCols + c]);
        out.set(name, column);
      }
    }
    const missing = wanted.filter((w) => !out.has(w));
    if (missing.length) throw new InputError(`the table has no column ${missing.join(", ")}`, label);
    return out;
  } finally {
    file.close();
  }
}

/** HDF5 files start with the 8-byte signature \x89HDF\r\n\x1a\n. */
export function isHdf5(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x89 && head.toString("latin1", 1, 4) === "HDF";
}
