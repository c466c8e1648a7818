// DataFrames in HDF5 as pandas writes them, both of its formats:
// - "fixed" (`df.to_hdf(path, key=k)`): group /k with axis0 (column names),
//   axis1 (row index) and blockK_items/blockK_values per dtype, values
//   stored rows × columns with the `transposed` attribute set. The public
//   top-tagging files use it.
// - "table" (`format="table"`, PyTables' appendable table, what
//   `HDFStore.select(columns=, where=)` and `chunksize` need): group /k with
//   a compound dataset `table` (an int64 `index`, then `values_block_K`
//   arrays, or one field per data column), the column names pickled in the
//   attributes (`values_block_K_kind`, `non_index_axes`, python-pickle.ts).
// Both are read a bounded chunk of rows at a time from raw bytes (h5-raw.ts),
// with or without compression (deflate, shuffle); filters HDF5 does not
// carry here (blosc, lzo, bzip2) are refused by name. Both are written the
// way pandas writes them, so pandas, PyTables and h5py read our files.
import {
  type H5Dataset,
  type H5File,
  type H5Group,
  h5,
  numberSlot,
  readNumber,
  RawReadError,
  withRawRows,
  stringAttr,
  writeRawRows,
} from "./h5-raw.ts";
import { InputError } from "./input-error.ts";
import { PickleDict, PickleTuple, type PickleValue, pickleProtocol0, unpickle } from "./python-pickle.ts";

/** h5wasm (struct-module) codes of the number types written: float32, float64, int64, int32, uint8. */
export type FrameDtype = "<f" | "<d" | "<q" | "<i" | "<B";
export type FrameArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

export interface FrameBlock {
  dtype: FrameDtype;
  /** Column labels: strings, or integers as in the LHC Olympics files (columns 0 … 2100). */
  columns: string[] | number[];
  /** Row-major rows × columns. */
  values: FrameArray;
}

export type PandasFormat = "fixed" | "table";

export interface FrameColumn {
  /** The label; integer labels by their decimal form ("2100"). */
  name: string;
  /** numpy's name of the stored type: float32, float64, int64, …, or "bytes" for text. */
  dtype: string;
}

export interface FrameLayout {
  format: PandasFormat;
  nRows: number;
  /** In the frame's order. */
  columns: FrameColumn[];
  /** The HDF5 filters on the data (deflate, shuffle, …). */
  filters: string[];
}

const FILTER_NAMES: Record<number, string> = {
  1: "deflate",
  2: "shuffle",
  3: "fletcher32",
  4: "szip",
  5: "nbit",
  6: "scaleoffset",
  305: "lzo",
  307: "bzip2",
  32001: "blosc",
  32004: "lz4",
  32015: "zstd",
};
const READABLE_FILTERS = new Set([1, 2, 3, 5, 6]);
/** A chunk of rows read at once: about this many bytes. */
const CHUNK_BYTES = 16 * 1024 * 1024;

const DTYPE_BYTES: Record<FrameDtype, number> = { "<f": 4, "<d": 8, "<q": 8, "<i": 4, "<B": 1 };
const EMPTY: Record<FrameDtype, () => FrameArray> = {
  "<f": () => new Float32Array(0),
  "<d": () => new Float64Array(0),
  "<q": () => new BigInt64Array(0),
  "<i": () => new Int32Array(0),
  "<B": () => new Uint8Array(0),
};
const NUMPY_NAMES: Record<FrameDtype, string> = {
  "<f": "float32",
  "<d": "float64",
  "<q": "int64",
  "<i": "int32",
  "<B": "uint8",
};

// ── reading ────────────────────────────────────────────────────────────────

/** Where one column's numbers are: a dataset, the byte offset of the number in each row, the row's size. */
interface ColumnSource {
  column: FrameColumn;
  dataset: H5Dataset;
  slot: ReturnType<typeof numberSlot>;
}

interface OpenFrame extends FrameLayout {
  sources: Map<string, ColumnSource>;
  /** The datasets holding the values, each with its row size. */
  datasets: { dataset: H5Dataset; rowBytes: number }[];
}

type Lib = Awaited<ReturnType<typeof h5>>;

function labelsOf(value: PickleValue, what: string, label: string): string[] {
  if (!Array.isArray(value)) throw new InputError(`${what} is not a list of column names`, label);
  return value.map((v) =>
    typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : JSON.stringify(v),
  );
}

function pickledAttr(node: H5Group | H5Dataset, name: string, label: string): PickleValue | undefined {
  const raw = stringAttr(node, name);
  if (raw === undefined) return undefined;
  try {
    return unpickle(Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff));
  } catch (error) {
    throw new InputError(`the attribute ${name} of ${node.path} cannot be read: ${(error as Error).message}`, label);
  }
}

function filtersOf(lib: Lib, datasets: H5Dataset[], label: string): string[] {
  const names = new Set<string>();
  for (const d of datasets) {
    for (const f of lib.Module.get_dataset_filters(d.file_id, d.path)) {
      const name = FILTER_NAMES[f.id] ?? `filter ${f.id}`;
      if (!READABLE_FILTERS.has(f.id))
        throw new InputError(
          `${d.path} is compressed with ${name}, which this platform cannot read; write it with complib="zlib" (pandas' default when complevel is set) or without compression`,
          label,
        );
      names.add(name);
    }
  }
  return [...names];
}

function dtypeName(lib: Lib, meta: H5Dataset["metadata"]): string {
  const { H5T_FLOAT, H5T_INTEGER, H5T_STRING, H5T_ENUM, H5T_BITFIELD } = lib.Module.H5T_class_t;
  if ((meta.type === H5T_ENUM.value || meta.type === H5T_BITFIELD.value) && meta.size === 1) return "bool";
  if (meta.type === H5T_FLOAT.value) return `float${meta.size * 8}`;
  if (meta.type === H5T_INTEGER.value) return `${meta.signed ? "int" : "uint"}${meta.size * 8}`;
  if (meta.type === H5T_STRING.value) return "bytes";
  return "other";
}

function openFixed(lib: Lib, group: H5Group, label: string): OpenFrame {
  const nBlocks = Number(group.get_attribute("nblocks", false) ?? 0);
  const axis0 = group.get("axis0") as H5Dataset | null;
  if (!axis0) throw new InputError(`${group.path} has no axis0: not a pandas frame`, label);
  const order = Array.from(axis0.value as ArrayLike<string | bigint | number>, String);
  const sources = new Map<string, ColumnSource>();
  const datasets: OpenFrame["datasets"] = [];
  let nRows = -1;
  for (let k = 0; k < nBlocks; k++) {
    const items = group.get(`block${k}_items`) as H5Dataset | null;
    const values = group.get(`block${k}_values`) as H5Dataset | null;
    if (!items || !values) throw new InputError(`${group.path} has no block${k}_items/block${k}_values`, label);
    const names = Array.from(items.value as ArrayLike<string | bigint | number>, String);
    const meta = values.metadata;
    const shape = meta.shape ?? [];
    if (shape.length !== 2 || shape[1] !== names.length || Number(values.get_attribute("transposed", false) ?? 0) !== 1)
      throw new InputError(
        `${values.path} has the shape [${shape.join(", ")}] for ${names.length} columns; pandas stores a frame's block as rows × columns, transposed`,
        label,
      );
    if (nRows >= 0 && shape[0] !== nRows)
      throw new InputError(`${values.path} has ${shape[0]} rows where the other blocks have ${nRows}`, label);
    nRows = shape[0];
    datasets.push({ dataset: values, rowBytes: meta.size * names.length });
    names.forEach((name, c) => {
      const slot = numberSlot(lib, meta, c * meta.size);
      sources.set(name, { column: { name, dtype: dtypeName(lib, meta) }, dataset: values, slot });
    });
  }
  const columns = order.map((name) => sources.get(name)?.column ?? { name, dtype: "other" });
  return {
    format: "fixed",
    nRows: Math.max(0, nRows),
    columns,
    filters: filtersOf(
      lib,
      datasets.map((d) => d.dataset),
      label,
    ),
    sources,
    datasets,
  };
}

function openTable(lib: Lib, group: H5Group, label: string): OpenFrame {
  const table = group.get("table") as H5Dataset | null;
  if (!table) throw new InputError(`${group.path} has no dataset "table": not a pandas table`, label);
  const meta = table.metadata;
  const members = meta.compound_type?.members;
  if (!members || meta.shape?.length !== 1)
    throw new InputError(`${table.path} is not a one-dimensional compound table as PyTables writes`, label);
  const sources = new Map<string, ColumnSource>();
  for (const m of members) {
    if (m.name === "index") continue;
    const kind = pickledAttr(table, `${m.name}_kind`, label);
    const { H5T_ARRAY } = lib.Module.H5T_class_t;
    if (m.type === H5T_ARRAY.value && m.array_type) {
      const element = m.array_type;
      const names = kind === undefined ? [] : labelsOf(kind, `${m.name}_kind`, label);
      const count = (element.shape ?? [1]).reduce((a: number, b: number) => a * b, 1);
      if (names.length !== count)
        throw new InputError(`${table.path} field ${m.name} holds ${count} columns but names ${names.length}`, label);
      names.forEach((name, c) =>
        sources.set(name, {
          column: { name, dtype: dtypeName(lib, element) },
          dataset: table,
          slot: numberSlot(lib, element, m.offset + c * element.size),
        }),
      );
    } else {
      // A data column: one field, named after the column.
      const name = kind === undefined ? m.name : (labelsOf(kind, `${m.name}_kind`, label)[0] ?? m.name);
      sources.set(name, {
        column: { name, dtype: dtypeName(lib, m) },
        dataset: table,
        slot: numberSlot(lib, m, m.offset),
      });
    }
  }
  const axes = pickledAttr(group, "non_index_axes", label);
  const first = Array.isArray(axes) ? axes[0] : undefined;
  const order =
    first instanceof PickleTuple && first.items.length === 2
      ? labelsOf(first.items[1], "non_index_axes", label)
      : [...sources.keys()];
  return {
    format: "table",
    nRows: meta.shape[0],
    columns: order.map((name) => sources.get(name)?.column ?? { name, dtype: "other" }),
    filters: filtersOf(lib, [table], label),
    sources,
    datasets: [{ dataset: table, rowBytes: meta.size }],
  };
}

function openFrame(lib: Lib, file: H5File, key: string, label: string): OpenFrame {
  const group = file.get(key);
  if (!group || !(group instanceof lib.Group)) {
    const keys = file.keys().filter((k) => file.get(k) instanceof lib.Group);
    throw new InputError(
      `no pandas frame under the key "${key}" (the file's keys: ${keys.slice(0, 10).join(", ") || "none"})`,
      label,
    );
  }
  const type = stringAttr(group, "pandas_type");
  if (type === "frame") return openFixed(lib, group, label);
  if (type === "frame_table") return openTable(lib, group, label);
  throw new InputError(
    `"${key}" is not a pandas DataFrame (pandas_type ${type === undefined ? "missing" : `"${type}"`}; expected "frame" or "frame_table")`,
    label,
  );
}

async function withFrame<T>(
  path: string,
  key: string,
  label: string,
  use: (lib: Lib, frame: OpenFrame) => Promise<T> | T,
) {
  const lib = await h5();
  let file: H5File;
  try {
    file = new lib.File(path, "r");
  } catch {
    throw new InputError("not a readable HDF5 file", label);
  }
  // HDF5 refuses a truncated or damaged file by an invalid id, not an exception.
  if (file.file_id < 0n) throw new InputError("not a readable HDF5 file (truncated or damaged?)", label);
  try {
    let frame: OpenFrame;
    try {
      frame = openFrame(lib, file, key, label);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`the HDF5 file cannot be read (${(error as Error).message})`, label);
    }
    return await use(lib, frame);
  } finally {
    file.close();
  }
}

/** The frame's format, size, columns (in order, with their types) and compression. */
export function describePandasFrame(path: string, key: string, label: string): Promise<FrameLayout> {
  return withFrame(path, key, label, (_, { format, nRows, columns, filters }) => ({ format, nRows, columns, filters }));
}

type Decode<T> = (view: DataView, n: number, stride: number, source: ColumnSource, label: string) => T;

function eachChunk<T>(
  path: string,
  key: string,
  wanted: string[],
  label: string,
  decode: Decode<T>,
  onChunk: (columns: Map<string, T>, firstRow: number, nRows: number, totalRows: number) => void | Promise<void>,
  chunkBytes: number,
): Promise<void> {
  return withFrame(path, key, label, async (lib, frame) => {
    const missing = wanted.filter((w) => !frame.sources.has(w));
    if (missing.length)
      throw new InputError(
        `the frame "${key}" has no column ${missing.join(", ")} (its columns: ${frame.columns
          .slice(0, 8)
          .map((c) => c.name)
          .join(", ")}${frame.columns.length > 8 ? ", …" : ""})`,
        label,
      );
    const picked = wanted.map((w) => frame.sources.get(w)!);
    for (const p of picked)
      if (!p.slot) throw new InputError(`the column "${p.column.name}" holds ${p.column.dtype}, not numbers`, label);
    const used = [...new Set(picked.map((p) => p.dataset))];
    const rowBytes = Math.max(...used.map((d) => frame.datasets.find((x) => x.dataset === d)!.rowBytes), 1);
    const step = Math.max(1, Math.floor(chunkBytes / rowBytes));
    for (let start = 0; start < frame.nRows; start += step) {
      const n = Math.min(step, frame.nRows - start);
      const decoded = new Map<string, T>();
      for (const d of used) {
        try {
          withRawRows(lib, d, start, n, (bytes) => {
            const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            for (const p of picked)
              if (p.dataset === d) decoded.set(p.column.name, decode(view, n, bytes.length / n, p, label));
          });
        } catch (error) {
          throw error instanceof RawReadError ? new InputError(error.message, label) : error;
        }
      }
      // In the order asked for.
      const out = new Map(picked.map((p) => [p.column.name, decoded.get(p.column.name)!]));
      await onChunk(out, start, n, frame.nRows);
    }
  });
}

const asFloat64: Decode<Float64Array> = (view, n, stride, p) => {
  const column = new Float64Array(n);
  for (let r = 0; r < n; r++) column[r] = readNumber(view, r * stride, p.slot!);
  return column;
};

/** The writer's type of a stored column (bool is kept as uint8); a located error for a type the platform does not copy. */
export function frameDtypeOf(column: FrameColumn, label: string): FrameDtype {
  const dtype = ({ float32: "<f", float64: "<d", int64: "<q", int32: "<i", uint8: "<B", bool: "<B" } as const)[
    column.dtype as "float32"
  ];
  if (!dtype)
    throw new InputError(
      `the column "${column.name}" holds ${column.dtype}; the platform copies float32, float64, int64, int32, uint8 and bool columns`,
      label,
    );
  return dtype;
}

const asStored: Decode<FrameArray> = (view, n, stride, p, label) => {
  const dtype = frameDtypeOf(p.column, label);
  const slot = p.slot!;
  const le = slot.littleEndian;
  switch (dtype) {
    case "<f":
      return Float32Array.from({ length: n }, (_, r) => view.getFloat32(r * stride + slot.offset, le));
    case "<d":
      return Float64Array.from({ length: n }, (_, r) => view.getFloat64(r * stride + slot.offset, le));
    case "<q":
      return BigInt64Array.from({ length: n }, (_, r) => view.getBigInt64(r * stride + slot.offset, le));
    case "<i":
      return Int32Array.from({ length: n }, (_, r) => view.getInt32(r * stride + slot.offset, le));
    case "<B":
      return Uint8Array.from({ length: n }, (_, r) => view.getUint8(r * stride + slot.offset));
  }
};

/**
 * Reads the named columns as float64 a chunk of rows at a time (about 16 MB
 * of the file per chunk, whatever the frame's width): `onChunk` gets the
 * columns of rows [firstRow, firstRow + n). Missing or non-numeric columns
 * are located errors; so is a file that is not a pandas frame.
 */
export function forEachPandasChunk(
  path: string,
  key: string,
  wanted: string[],
  label: string,
  onChunk: (
    columns: Map<string, Float64Array>,
    firstRow: number,
    nRows: number,
    totalRows: number,
  ) => void | Promise<void>,
  chunkBytes = CHUNK_BYTES,
): Promise<void> {
  return eachChunk(path, key, wanted, label, asFloat64, onChunk, chunkBytes);
}

/** The same, each column in its stored type (int64 as bigint, exactly), for copying a frame. */
export function forEachStoredChunk(
  path: string,
  key: string,
  wanted: string[],
  label: string,
  onChunk: (columns: Map<string, FrameArray>, firstRow: number, nRows: number) => void | Promise<void>,
  chunkBytes = CHUNK_BYTES,
): Promise<void> {
  return eachChunk(path, key, wanted, label, asStored, onChunk, chunkBytes);
}

/** The named columns of a pandas frame (fixed or table format) as float64 arrays. */
export async function readPandasColumns(
  path: string,
  key: string,
  wanted: string[],
  label: string,
): Promise<Map<string, Float64Array>> {
  const out = new Map<string, Float64Array>(wanted.map((w) => [w, new Float64Array(0)]));
  await forEachPandasChunk(path, key, wanted, label, (columns, first, _n, total) => {
    for (const [name, values] of columns) {
      if (first === 0) out.set(name, new Float64Array(total));
      out.get(name)!.set(values, first);
    }
  });
  return out;
}

// ── writing ────────────────────────────────────────────────────────────────

export interface WriteOptions {
  format?: PandasFormat;
  /** gzip (deflate) level 1–9, as `complevel` with `complib="zlib"`. */
  complevel?: number;
  /** Rows the frame will have, when known: HDF5 chunks no larger than the data (a small file stays small). */
  expectedRows?: number;
}

export interface FrameColumnSpec {
  name: string | number;
  dtype: FrameDtype;
}

/**
 * An extendible, chunked dataset of no rows yet (h5wasm's create_dataset
 * cannot prepare array members of a compound type, and needs no data here).
 */
function createEmptyDataset(
  lib: Lib,
  group: H5Group,
  name: string,
  dtype: [string, string, number[]?][],
  chunks: number[],
  complevel: number,
) {
  const metadata = lib.dtype_to_metadata(dtype as never) as ReturnType<typeof lib.dtype_to_metadata> & {
    compound_type?: { members: { shape?: number[]; array_type?: { shape?: number[] } }[] };
  };
  // The C++ side reads an array member's dimensions from its array_type.
  for (const m of metadata.compound_type?.members ?? []) if (m.array_type && m.shape) m.array_type.shape = m.shape;
  const ptr = lib.Module._malloc(1);
  try {
    lib.Module.create_dataset(group.file_id, `${group.path}/${name}`, BigInt(ptr), {
      ...metadata,
      shape: [0n],
      maxshape: [H5S_UNLIMITED],
      chunks: chunks.map(BigInt),
      compression: complevel > 0 ? 1 : 0,
      compression_opts: complevel > 0 ? [complevel] : [],
      track_order: false,
    } as never);
  } finally {
    lib.Module._free(ptr);
  }
  return group.get(name) as H5Dataset;
}

const H5S_UNLIMITED = 18446744073709551615n;

/** Columns grouped into blocks as pandas does: one block per dtype, in order of first appearance. */
function blocksOf(columns: FrameColumnSpec[]) {
  const blocks: { dtype: FrameDtype; columns: FrameColumnSpec[]; indices: number[] }[] = [];
  columns.forEach((c, i) => {
    let block = blocks.find((b) => b.dtype === c.dtype);
    if (!block) {
      block = { dtype: c.dtype, columns: [], indices: [] };
      blocks.push(block);
    }
    block.columns.push(c);
    block.indices.push(i);
  });
  return blocks;
}

/** Labels as pandas stores an index: fixed-width strings, or int64 for integer labels. */
function labelIndex(labels: (string | number)[]): { data: string[] | BigInt64Array; dtype: string; kind: string } {
  if (labels.every((l) => typeof l === "number"))
    return { data: BigInt64Array.from(labels as number[], BigInt), dtype: "<q", kind: "integer" };
  const names = labels.map(String);
  return { data: names, dtype: `S${Math.max(1, ...names.map((n) => Buffer.byteLength(n)))}`, kind: "string" };
}

const chunked = (rowBytes: number) => Math.max(1, Math.min(65536, Math.floor((1 << 20) / Math.max(1, rowBytes))));

/**
 * Writes a frame a chunk of rows at a time: `write` takes each column's
 * values (in the order given to `open`) for the next rows. Memory is bounded
 * by the chunk, whatever the frame's size. The file is created anew.
 */
export class PandasFrameWriter {
  private rows = 0;
  private constructor(
    private readonly lib: Lib,
    private readonly file: H5File,
    private readonly group: H5Group,
    private readonly format: PandasFormat,
    private readonly columns: FrameColumnSpec[],
    private readonly datasets: { dataset: H5Dataset; block: ReturnType<typeof blocksOf>[number] | null }[],
  ) {}

  static async open(path: string, key: string, columns: FrameColumnSpec[], options: WriteOptions = {}) {
    const lib = await h5();
    const format = options.format ?? "fixed";
    const file = new lib.File(path, "w");
    try {
      // PyTables' own marks, so that it sees its groups as it wrote them (HDFStore.keys(), info()).
      for (const [name, value] of [
        ["CLASS", "GROUP"],
        ["PYTABLES_FORMAT_VERSION", "2.1"],
        ["TITLE", ""],
        ["VERSION", "1.0"],
      ])
        file.create_attribute(name, value);
      const group = file.create_group(key);
      for (const [name, value] of [
        ["CLASS", "GROUP"],
        ["TITLE", ""],
        ["VERSION", "1.0"],
      ])
        group.create_attribute(name, value);
      const blocks = blocksOf(columns);
      const chunkRows = (rowBytes: number) =>
        Math.min(chunked(rowBytes), Math.max(1, options.expectedRows ?? Number.POSITIVE_INFINITY));
      const compression =
        options.complevel && options.complevel > 0
          ? { compression: "gzip" as const, compression_opts: options.complevel }
          : {};
      let datasets: PandasFrameWriter["datasets"];
      if (format === "fixed") {
        for (const [name, value] of [
          ["pandas_type", "frame"],
          ["pandas_version", "0.15.2"],
          ["encoding", "UTF-8"],
          ["errors", "strict"],
          ["axis0_variety", "regular"],
          ["axis1_variety", "regular"],
        ])
          group.create_attribute(name, value);
        group.create_attribute("ndim", 2);
        group.create_attribute("nblocks", blocks.length);
        const axis0 = labelIndex(columns.map((c) => c.name));
        const a0 = group.create_dataset({
          name: "axis0",
          data: axis0.data,
          shape: [columns.length],
          dtype: axis0.dtype,
        });
        a0.create_attribute("kind", axis0.kind);
        a0.create_attribute("transposed", 1);
        datasets = blocks.map((block, k) => {
          group.create_attribute(`block${k}_items_variety`, "regular");
          const items = labelIndex(block.columns.map((c) => c.name));
          const it = group.create_dataset({
            name: `block${k}_items`,
            data: items.data,
            shape: [block.columns.length],
            dtype: items.dtype,
          });
          it.create_attribute("kind", items.kind);
          it.create_attribute("transposed", 1);
          const width = block.columns.length;
          const values = group.create_dataset({
            name: `block${k}_values`,
            data: EMPTY[block.dtype](),
            shape: [0, width],
            maxshape: [null, width],
            chunks: [chunkRows(width * DTYPE_BYTES[block.dtype]), width],
            dtype: block.dtype,
            ...compression,
          });
          values.create_attribute("transposed", 1);
          return { dataset: values, block };
        });
      } else {
        // Every column a data column (pandas' `data_columns=True` layout): one
        // field per column. h5wasm cannot write the array fields of the
        // `values_block_K` layout; pandas, PyTables and h5py read both.
        const names = columns.map((c) => String(c.name));
        const clash = names.find((n, i) => n === "index" || names.indexOf(n) !== i);
        if (clash !== undefined) throw new Error(`the column name "${clash}" is taken (or repeated) in a table`);
        const dtype: [string, string][] = [
          ["index", "<q"],
          ...columns.map((c, i): [string, string] => [names[i], c.dtype]),
        ];
        const rowBytes = 8 + columns.reduce((sum, c) => sum + DTYPE_BYTES[c.dtype], 0);
        const table = createEmptyDataset(lib, group, "table", dtype, [chunkRows(rowBytes)], options.complevel ?? 0);
        // As PyTables stores a pickle: a fixed-length ASCII string.
        const pickled = (node: H5Group | H5Dataset, name: string, value: PickleValue) => {
          const text = pickleProtocol0(value);
          node.create_attribute(name, text, null, `A${text.length}`);
        };
        const labels = columns.map((c) => c.name);
        pickled(group, "data_columns", names);
        group.create_attribute("encoding", "UTF-8");
        group.create_attribute("errors", "strict");
        pickled(group, "index_cols", [new PickleTuple([0, "index"])]);
        const integerLabels = labels.every((l) => typeof l === "number");
        pickled(
          group,
          "info",
          new PickleDict([
            [
              1,
              new PickleDict([
                ["names", [null]],
                ["type", integerLabels ? "Int64Index" : "Index"],
              ]),
            ],
            ["index", new PickleDict([])],
            ...names.map((n): [PickleValue, PickleValue] => [n, new PickleDict([])]),
          ]),
        );
        group.create_attribute("levels", 1, null, "<q");
        group.create_attribute("nan_rep", "nan");
        pickled(group, "non_index_axes", [new PickleTuple([1, labels])]);
        group.create_attribute("pandas_type", "frame_table");
        group.create_attribute("pandas_version", "0.15.2");
        group.create_attribute("table_type", "appendable_frame");
        pickled(group, "values_cols", names);
        table.create_attribute("CLASS", "TABLE");
        table.create_attribute("VERSION", "2.7");
        table.create_attribute("TITLE", "");
        table.create_attribute("FIELD_0_NAME", "index");
        table.create_attribute("FIELD_0_FILL", 0, null, "<q");
        columns.forEach((c, i) => {
          table.create_attribute(`FIELD_${i + 1}_NAME`, names[i]);
          table.create_attribute(`FIELD_${i + 1}_FILL`, 0, null, c.dtype);
        });
        table.create_attribute("NROWS", 0, null, "<q");
        table.create_attribute("index_kind", "integer");
        columns.forEach((c, i) => {
          table.create_attribute(`${names[i]}_dtype`, NUMPY_NAMES[c.dtype]);
          pickled(table, `${names[i]}_kind`, [c.name]);
          table.create_attribute(`${names[i]}_meta`, "N.");
        });
        datasets = [{ dataset: table, block: null }];
        return new PandasFrameWriter(lib, file, group, format, columns, datasets);
      }
      return new PandasFrameWriter(lib, file, group, format, columns, datasets);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /** Appends `n` rows: one array per column, in the order given to open. */
  write(values: FrameArray[], n: number): void {
    if (values.length !== this.columns.length)
      throw new Error(`write: ${values.length} columns for ${this.columns.length}`);
    const first = this.rows;
    if (this.format === "fixed") {
      for (const { dataset, block } of this.datasets) {
        const b = block!;
        const size = DTYPE_BYTES[b.dtype];
        const bytes = new Uint8Array(n * b.columns.length * size);
        const view = new DataView(bytes.buffer);
        for (let r = 0; r < n; r++)
          b.indices.forEach((ci, j) => put(view, (r * b.columns.length + j) * size, b.dtype, values[ci], r));
        writeRawRows(this.lib, dataset, first, n, bytes);
      }
    } else {
      const rowBytes = 8 + this.columns.reduce((sum, c) => sum + DTYPE_BYTES[c.dtype], 0);
      const bytes = new Uint8Array(n * rowBytes);
      const view = new DataView(bytes.buffer);
      for (let r = 0; r < n; r++) {
        let at = r * rowBytes;
        view.setBigInt64(at, BigInt(first + r), true);
        at += 8;
        this.columns.forEach((c, ci) => {
          put(view, at, c.dtype, values[ci], r);
          at += DTYPE_BYTES[c.dtype];
        });
      }
      writeRawRows(this.lib, this.datasets[0].dataset, first, n, bytes);
    }
    this.rows += n;
  }

  /** Writes the row index (fixed) or the row count (table), then closes the file. */
  close(): void {
    try {
      if (this.format === "fixed") {
        const index = new BigInt64Array(this.rows);
        for (let i = 0; i < this.rows; i++) index[i] = BigInt(i);
        const a1 = this.group.create_dataset({ name: "axis1", data: index, shape: [this.rows], dtype: "<q" });
        a1.create_attribute("kind", "integer");
        a1.create_attribute("transposed", 1);
      } else {
        const table = this.datasets[0].dataset;
        table.delete_attribute("NROWS");
        table.create_attribute("NROWS", this.rows, null, "<q");
      }
    } finally {
      this.file.close();
    }
  }
}

function put(view: DataView, at: number, dtype: FrameDtype, values: FrameArray, r: number) {
  const v = values[r];
  switch (dtype) {
    case "<f":
      view.setFloat32(at, Number(v), true);
      break;
    case "<d":
      view.setFloat64(at, Number(v), true);
      break;
    case "<q":
      view.setBigInt64(at, typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v))), true);
      break;
    case "<i":
      view.setInt32(at, Number(v), true);
      break;
    case "<B":
      view.setUint8(at, Number(v));
      break;
  }
}

/** Writes a whole frame held in memory (blocks of row-major values), in either format. */
export async function writePandasFrame(
  path: string,
  key: string,
  nRows: number,
  blocks: FrameBlock[],
  options: WriteOptions = {},
): Promise<void> {
  const columns = blocks.flatMap((b) => (b.columns as (string | number)[]).map((name) => ({ name, dtype: b.dtype })));
  const writer = await PandasFrameWriter.open(path, key, columns, { expectedRows: nRows, ...options });
  try {
    const step = chunked(columns.length * 8) * 4;
    for (let start = 0; start < nRows; start += step) {
      const n = Math.min(step, nRows - start);
      const arrays: FrameArray[] = [];
      for (const b of blocks) {
        const width = b.columns.length;
        for (let c = 0; c < width; c++) {
          const Ctor = b.values.constructor as new (n: number) => FrameArray;
          const col = new Ctor(n);
          for (let r = 0; r < n; r++) (col as Float64Array)[r] = (b.values as Float64Array)[(start + r) * width + c];
          arrays.push(col);
        }
      }
      writer.write(arrays, n);
    }
  } finally {
    writer.close();
  }
}

/** HDF5 files start with the 8-byte signature \x89HDF\r\n\x1a\n. */
export function isHdf5(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x89 && head.toString("latin1", 1, 4) === "HDF";
}
