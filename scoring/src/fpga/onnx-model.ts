// An ONNX model (onnx.proto, IR version 3 and later) as plain data: read from
// the participant's bytes with located errors, and written back after the
// scorer rewrites it for onnxruntime. Only what inference needs is kept
// (doc strings and training info are dropped on write).
// Field numbers: https://github.com/onnx/onnx/blob/main/onnx/onnx.proto
import { InputError } from "../parse/input-error.ts";
import {
  bytesOf,
  float32,
  int64,
  packedFloats,
  packedVarints,
  readFields,
  text,
  WireError,
  Writer,
  type Field,
} from "./protobuf-wire.ts";

export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

export interface Tensor {
  name: string;
  dims: number[];
  dataType: number;
  /** The values in row-major order (float32 rounding for FLOAT). */
  values: Float64Array;
}

export interface Attribute {
  name: string;
  f?: number;
  i?: number;
  s?: string;
  t?: Tensor;
  floats?: number[];
  ints?: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Attribute[];
}

export interface ValueInfo {
  name: string;
  elemType: number;
  /** A number for a fixed dimension, a string for a symbolic one (e.g. "N"), null when unknown. */
  shape: (number | string | null)[] | null;
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  graph: { name: string; nodes: OnnxNode[]; initializers: Tensor[]; inputs: ValueInfo[]; outputs: ValueInfo[] };
}

/** Reads a ModelProto. Errors name the file, the element (graph.node[3] …) and the byte offset. */
export function readOnnxModel(bytes: Uint8Array, file: string): OnnxModel {
  // The innermost element being read when an error happened (its catch runs first).
  let where: string | undefined;
  const at = <T>(path: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      where ??= path;
      throw error;
    }
  };
  try {
    const model: OnnxModel = {
      irVersion: 0,
      opsets: [],
      graph: { name: "", nodes: [], initializers: [], inputs: [], outputs: [] },
    };
    let sawGraph = false;
    for (const f of readFields(bytes)) {
      if (f.number === 1) model.irVersion = int64(f.value as bigint, f.offset);
      else if (f.number === 8) model.opsets.push(at(`opset_import[${model.opsets.length}]`, () => readOpset(f)));
      else if (f.number === 7) {
        sawGraph = true;
        model.graph = at("graph", () => readGraph(f, at));
      }
    }
    if (!sawGraph) throw new InputError("not an ONNX model: it has no graph (is this an ONNX file?)", file);
    if (model.irVersion < 3) throw new InputError(`ONNX IR version ${model.irVersion} is too old (3 or later)`, file);
    return model;
  } catch (error) {
    if (error instanceof WireError)
      throw new InputError(`malformed ONNX at byte ${error.offset} (in ${where ?? "model"}): ${error.message}`, file);
    if (error instanceof InputError) throw error;
    throw new InputError(`malformed ONNX (in ${where ?? "model"}): ${(error as Error).message}`, file);
  }
}

function sub(f: Field): Field[] {
  return readFields(bytesOf(f), f.offset);
}

function readOpset(f: Field) {
  const opset = { domain: "", version: 0 };
  for (const g of sub(f)) {
    if (g.number === 1) opset.domain = text(g);
    else if (g.number === 2) opset.version = int64(g.value as bigint, g.offset);
  }
  return opset;
}

function readGraph(f: Field, at: <T>(path: string, read: () => T) => T): OnnxModel["graph"] {
  const graph: OnnxModel["graph"] = { name: "", nodes: [], initializers: [], inputs: [], outputs: [] };
  for (const g of sub(f)) {
    if (g.number === 1) {
      // An FPGA model is a few dozen layers; a huge graph only costs the scorer time and memory.
      if (graph.nodes.length >= MAX_NODES)
        throw new WireError(`the graph has more than ${MAX_NODES} nodes (a model for an FPGA has far fewer)`, g.offset);
      graph.nodes.push(at(`graph.node[${graph.nodes.length}]`, () => readNode(g)));
    } else if (g.number === 2) graph.name = text(g);
    else if (g.number === 5)
      graph.initializers.push(at(`graph.initializer[${graph.initializers.length}]`, () => readTensor(g)));
    else if (g.number === 11) graph.inputs.push(at(`graph.input[${graph.inputs.length}]`, () => readValueInfo(g)));
    else if (g.number === 12) graph.outputs.push(at(`graph.output[${graph.outputs.length}]`, () => readValueInfo(g)));
    else if (g.number === 15) throw new WireError("sparse initializers are not supported", g.offset);
  }
  return graph;
}

function readNode(f: Field): OnnxNode {
  const node: OnnxNode = { name: "", opType: "", domain: "", inputs: [], outputs: [], attributes: [] };
  for (const g of sub(f)) {
    if (g.number === 1) node.inputs.push(text(g));
    else if (g.number === 2) node.outputs.push(text(g));
    else if (g.number === 3) node.name = text(g);
    else if (g.number === 4) node.opType = text(g);
    else if (g.number === 7) node.domain = text(g);
    else if (g.number === 5) node.attributes.push(readAttribute(g));
  }
  if (!node.opType) throw new WireError("node without op_type", f.offset);
  return node;
}

function readAttribute(f: Field): Attribute {
  const a: Attribute = { name: "" };
  for (const g of sub(f)) {
    if (g.number === 1) a.name = text(g);
    else if (g.number === 2) a.f = float32(g.value as bigint);
    else if (g.number === 3) a.i = int64(g.value as bigint, g.offset);
    else if (g.number === 4) a.s = text(g);
    else if (g.number === 5) a.t = readTensor(g);
    else if (g.number === 7) packedFloats(g, (a.floats ??= []));
    else if (g.number === 8) packedVarints(g, (a.ints ??= []));
    else if (g.number === 6 || g.number === 11)
      throw new WireError(`attribute "${a.name}" holds a subgraph (control flow is not supported)`, g.offset);
  }
  return a;
}

const MAX_TENSOR_VALUES = 50_000_000;
/** Most nodes in a graph. */
const MAX_NODES = 10_000;

function readTensor(f: Field): Tensor {
  const t: Tensor = { name: "", dims: [], dataType: 0, values: new Float64Array(0) };
  let raw: Uint8Array | undefined;
  const listed: number[] = [];
  for (const g of sub(f)) {
    if (g.number === 1) packedVarints(g, t.dims);
    else if (g.number === 2) t.dataType = int64(g.value as bigint, g.offset);
    else if (g.number === 8) t.name = text(g);
    else if (g.number === 9) raw = bytesOf(g);
    else if (g.number === 4) packedFloats(g, listed);
    else if (g.number === 5 || g.number === 7) packedVarints(g, listed);
    else if (g.number === 10) packedDoubles(g, listed);
    else if (g.number === 13 || (g.number === 14 && g.value === 1n))
      throw new WireError(`tensor "${t.name}" keeps its data in an external file; embed it in the model`, g.offset);
  }
  const count = t.dims.reduce((n, d) => {
    if (d < 0) throw new WireError(`tensor "${t.name}" has a negative dimension`, f.offset);
    return n * d;
  }, 1);
  if (count > MAX_TENSOR_VALUES)
    throw new WireError(`tensor "${t.name}" has ${count} values (at most ${MAX_TENSOR_VALUES})`, f.offset);
  const width = { [DataType.FLOAT]: 4, [DataType.INT32]: 4, [DataType.INT64]: 8, [DataType.DOUBLE]: 8 }[t.dataType];
  if (!width)
    throw new WireError(
      `tensor "${t.name}" has data type ${t.dataType}; supported: FLOAT, DOUBLE, INT32, INT64`,
      f.offset,
    );
  if (raw) {
    if (raw.length !== count * width)
      throw new WireError(
        `tensor "${t.name}": raw data of ${raw.length} bytes for ${count} values of ${width} bytes`,
        f.offset,
      );
    const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
    t.values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const o = i * width;
      t.values[i] =
        t.dataType === DataType.FLOAT
          ? view.getFloat32(o, true)
          : t.dataType === DataType.DOUBLE
            ? view.getFloat64(o, true)
            : t.dataType === DataType.INT32
              ? view.getInt32(o, true)
              : Number(view.getBigInt64(o, true));
    }
  } else {
    if (listed.length !== count)
      throw new WireError(
        `tensor "${t.name}": ${listed.length} values for dimensions [${t.dims.join(", ")}]`,
        f.offset,
      );
    t.values = Float64Array.from(listed);
  }
  return t;
}

function packedDoubles(field: Field, into: number[]): void {
  if (typeof field.value === "bigint") {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, field.value, true);
    into.push(view.getFloat64(0, true));
    return;
  }
  const view = new DataView(field.value.buffer, field.value.byteOffset, field.value.length);
  for (let i = 0; i + 8 <= field.value.length; i += 8) into.push(view.getFloat64(i, true));
}

function readValueInfo(f: Field): ValueInfo {
  const v: ValueInfo = { name: "", elemType: 0, shape: null };
  for (const g of sub(f)) {
    if (g.number === 1) v.name = text(g);
    else if (g.number === 2) {
      for (const tt of sub(g)) {
        if (tt.number !== 1) continue; // tensor_type
        for (const h of sub(tt)) {
          if (h.number === 1) v.elemType = int64(h.value as bigint, h.offset);
          else if (h.number === 2) {
            v.shape = [];
            for (const dim of sub(h)) {
              if (dim.number !== 1) continue;
              let d: number | string | null = null;
              for (const x of sub(dim)) {
                if (x.number === 1) d = int64(x.value as bigint, x.offset);
                else if (x.number === 2) d = text(x);
              }
              v.shape.push(d);
            }
          }
        }
      }
    }
  }
  return v;
}

/** Writes a ModelProto (tensors as raw little-endian data). */
export function writeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new Writer().int(1, model.irVersion).string(2, "unblind");
  for (const o of model.opsets)
    w.message(8, (m) => {
      if (o.domain) m.string(1, o.domain);
      m.int(2, o.version);
    });
  w.message(7, (g) => {
    for (const n of model.graph.nodes) g.message(1, (m) => writeNode(m, n));
    g.string(2, model.graph.name || "graph");
    for (const t of model.graph.initializers) g.message(5, (m) => writeTensor(m, t));
    for (const v of model.graph.inputs) g.message(11, (m) => writeValueInfo(m, v));
    for (const v of model.graph.outputs) g.message(12, (m) => writeValueInfo(m, v));
  });
  return w.finish();
}

function writeNode(m: Writer, n: OnnxNode): void {
  for (const i of n.inputs) m.string(1, i);
  for (const o of n.outputs) m.string(2, o);
  if (n.name) m.string(3, n.name);
  m.string(4, n.opType);
  if (n.domain) m.string(7, n.domain);
  for (const a of n.attributes)
    m.message(5, (x) => {
      x.string(1, a.name);
      // AttributeProto.type (field 20): FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7.
      if (a.f !== undefined) x.float(2, a.f).int(20, 1);
      else if (a.i !== undefined) x.int(3, a.i).int(20, 2);
      else if (a.s !== undefined) x.string(4, a.s).int(20, 3);
      else if (a.t !== undefined) x.message(5, (t) => writeTensor(t, a.t!)).int(20, 4);
      else if (a.floats !== undefined) {
        for (const f of a.floats) x.float(7, f);
        x.int(20, 6);
      } else if (a.ints !== undefined) x.packedInts(8, a.ints).int(20, 7);
    });
}

export function writeTensor(m: Writer, t: Tensor): void {
  m.packedInts(1, t.dims).int(2, t.dataType).string(8, t.name);
  const width = t.dataType === DataType.FLOAT || t.dataType === DataType.INT32 ? 4 : 8;
  const raw = new Uint8Array(t.values.length * width);
  const view = new DataView(raw.buffer);
  t.values.forEach((v, i) => {
    if (t.dataType === DataType.FLOAT) view.setFloat32(i * width, v, true);
    else if (t.dataType === DataType.DOUBLE) view.setFloat64(i * width, v, true);
    else if (t.dataType === DataType.INT32) view.setInt32(i * width, v, true);
    else view.setBigInt64(i * width, BigInt(v), true);
  });
  m.bytes(9, raw);
}

function writeValueInfo(m: Writer, v: ValueInfo): void {
  m.string(1, v.name);
  m.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      if (v.shape)
        tensor.message(2, (shape) => {
          for (const d of v.shape!)
            shape.message(1, (dim) => {
              if (typeof d === "number") dim.int(1, d);
              else if (typeof d === "string") dim.string(2, d);
            });
        });
    }),
  );
}

export function attribute(node: OnnxNode, name: string): Attribute | undefined {
  return node.attributes.find((a) => a.name === name);
}
