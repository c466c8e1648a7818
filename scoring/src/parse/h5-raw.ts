// h5wasm with raw bytes: hyperslab reads and writes that skip h5wasm's
// per-element conversion (a JavaScript array per compound row), so a 1.3 GB
// table is read a bounded chunk at a time and decoded with a DataView, and
// written from typed arrays the same way. Loaded on first use: CSV scoring
// never instantiates WebAssembly, whose memory reservation would not fit the
// scoring sandbox's address-space limit.
import type { Metadata } from "h5wasm/node";

type H5 = typeof import("h5wasm/node");
let loaded: Promise<H5> | undefined;
export function h5(): Promise<H5> {
  loaded ??= import("h5wasm/node").then(async (mod) => {
    await mod.ready;
    return mod;
  });
  return loaded;
}

export type H5File = InstanceType<H5["File"]>;
export type H5Group = InstanceType<H5["Group"]>;
export type H5Dataset = InstanceType<H5["Dataset"]>;

/** The hyperslab of rows [start, start + count) of a dataset (all of its other dimensions). */
function rowsSlab(dataset: H5Dataset, start: number, count: number) {
  const shape = (dataset.metadata as Metadata).shape ?? [];
  return {
    shape,
    count: [BigInt(count), ...shape.slice(1).map(BigInt)],
    offset: [BigInt(start), ...shape.slice(1).map(() => 0n)],
    strides: shape.map(() => 1n),
  };
}

/** Runs `use` with `nbytes` of WebAssembly memory, freed afterwards. */
function withHeap<T>(lib: H5, nbytes: number, what: string, use: (ptr: number) => T): T {
  const ptr = lib.Module._malloc(Math.max(1, nbytes));
  if (!ptr) throw new Error(`could not allocate ${nbytes} bytes to ${what}`);
  try {
    return use(ptr);
  } finally {
    lib.Module._free(ptr);
  }
}

/**
 * Rows [start, start + count) of a dataset (all of its other dimensions), as
 * the bytes HDF5 stores per element, handed to `use` in place in WebAssembly
 * memory (no copy: a 1.3 GB table is 0.3 s of copying less). The view is
 * valid only during `use`, which must not call into h5wasm.
 */
export function withRawRows<T>(
  lib: H5,
  dataset: H5Dataset,
  start: number,
  count: number,
  use: (bytes: Uint8Array) => T,
): T {
  const slab = rowsSlab(dataset, start, count);
  const rowBytes = (dataset.metadata as Metadata).size * slab.shape.slice(1).reduce((a, b) => a * b, 1);
  const nbytes = rowBytes * count;
  return withHeap(lib, nbytes, `read ${dataset.path}`, (ptr) => {
    const status = lib.Module.get_dataset_data(
      dataset.file_id,
      dataset.path,
      slab.count,
      slab.offset,
      slab.strides,
      BigInt(ptr),
    );
    if (status < 0)
      throw new RawReadError(
        `rows ${start}–${start + count - 1} of ${dataset.path} cannot be read (is the file complete?)`,
      );
    return use(new Uint8Array(lib.Module.HEAPU8.buffer, ptr, nbytes));
  });
}

/** HDF5 could not read stored rows: a damaged or truncated file. */
export class RawReadError extends Error {}

/** Writes rows [start, start + count) of a dataset from raw element bytes (the dataset is extended first if needed). */
export function writeRawRows(lib: H5, dataset: H5Dataset, start: number, count: number, bytes: Uint8Array): void {
  const shape = (dataset.metadata as Metadata).shape ?? [];
  if (start + count > shape[0]) dataset.resize([start + count, ...shape.slice(1)]);
  const slab = rowsSlab(dataset, start, count);
  withHeap(lib, bytes.length, `write ${dataset.path}`, (ptr) => {
    lib.Module.HEAPU8.set(bytes, ptr);
    lib.Module.set_dataset_data(dataset.file_id, dataset.path, slab.count, slab.offset, slab.strides, BigInt(ptr));
  });
}

/** How to read one number of an element: its offset in the element's bytes and its HDF5 type. */
export interface NumberSlot {
  offset: number;
  kind: "float" | "int" | "uint";
  size: number;
  littleEndian: boolean;
}

export function numberSlot(lib: H5, meta: Metadata, offset: number): NumberSlot | null {
  const { H5T_FLOAT, H5T_INTEGER, H5T_ENUM, H5T_BITFIELD } = lib.Module.H5T_class_t;
  // numpy's bool, as PyTables and h5py store it (an 8-bit bitfield or enum): 0 or 1.
  if ((meta.type === H5T_ENUM.value || meta.type === H5T_BITFIELD.value) && meta.size === 1)
    return { offset, kind: "uint", size: 1, littleEndian: true };
  if (meta.type === H5T_FLOAT.value && (meta.size === 4 || meta.size === 8))
    return { offset, kind: "float", size: meta.size, littleEndian: meta.littleEndian };
  if (meta.type === H5T_INTEGER.value && [1, 2, 4, 8].includes(meta.size))
    return { offset, kind: meta.signed ? "int" : "uint", size: meta.size, littleEndian: meta.littleEndian };
  return null;
}

/** The number at `slot` of element `i` (elements `stride` bytes apart), as a float64. */
export function readNumber(view: DataView, base: number, slot: NumberSlot): number {
  const at = base + slot.offset;
  const le = slot.littleEndian;
  if (slot.kind === "float") return slot.size === 4 ? view.getFloat32(at, le) : view.getFloat64(at, le);
  switch (slot.size) {
    case 1:
      return slot.kind === "int" ? view.getInt8(at) : view.getUint8(at);
    case 2:
      return slot.kind === "int" ? view.getInt16(at, le) : view.getUint16(at, le);
    case 4:
      return slot.kind === "int" ? view.getInt32(at, le) : view.getUint32(at, le);
    default:
      return Number(slot.kind === "int" ? view.getBigInt64(at, le) : view.getBigUint64(at, le));
  }
}

/** A string attribute's value (scalar), or undefined. */
export function stringAttr(node: H5Group | H5Dataset, name: string): string | undefined {
  if (!(name in node.attrs)) return undefined;
  const v = node.get_attribute(name, false);
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return new TextDecoder("latin1").decode(v);
  return undefined;
}
