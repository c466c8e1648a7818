// The Protocol Buffers wire format, as much of it as ONNX files use: a
// bounded reader that says where a malformed message breaks, and a writer.
// Spec: https://protobuf.dev/programming-guides/encoding/
// (varints, wire types 0 VARINT, 1 I64, 2 LEN, 5 I32; groups 3/4 are refused).

export class WireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface Field {
  number: number;
  wireType: 0 | 1 | 2 | 5;
  /** VARINT and I64/I32 values as a bigint (unsigned bit pattern); LEN as bytes. */
  value: bigint | Uint8Array;
  /** Byte offset of the field's tag in the outermost buffer. */
  offset: number;
}

/** The fields of one message, in order; `base` is the message's offset in the file, for errors. */
export function readFields(bytes: Uint8Array, base = 0): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) throw new WireError("truncated varint", base + pos);
      const b = bytes[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireError("varint longer than 10 bytes", base + pos);
  };
  while (pos < bytes.length) {
    const offset = base + pos;
    const tag = varint();
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (number === 0) throw new WireError("field number 0", offset);
    if (wireType === 0) fields.push({ number, wireType, value: varint(), offset });
    else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (pos + size > bytes.length) throw new WireError(`truncated ${size * 8}-bit field ${number}`, offset);
      const view = new DataView(bytes.buffer, bytes.byteOffset + pos, size);
      fields.push({
        number,
        wireType,
        value: size === 8 ? view.getBigUint64(0, true) : BigInt(view.getUint32(0, true)),
        offset,
      });
      pos += size;
    } else if (wireType === 2) {
      const length = varint();
      if (length > BigInt(bytes.length - pos))
        throw new WireError(`field ${number} claims ${length} bytes, only ${bytes.length - pos} remain`, offset);
      fields.push({ number, wireType, value: bytes.subarray(pos, pos + Number(length)), offset });
      pos += Number(length);
    } else throw new WireError(`unsupported wire type ${wireType} (field ${number})`, offset);
  }
  return fields;
}

/** A signed int64 from a VARINT's bit pattern, as a number (refused when it is not exact). */
export function int64(value: bigint, offset: number): number {
  const signed = BigInt.asIntN(64, value);
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER))
    throw new WireError(`integer ${signed} out of range`, offset);
  return Number(signed);
}

export function float32(value: bigint): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, Number(value), true);
  return view.getFloat32(0, true);
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function text(field: Field): string {
  if (!(field.value instanceof Uint8Array))
    throw new WireError(`field ${field.number} should be a string`, field.offset);
  try {
    return decoder.decode(field.value);
  } catch {
    throw new WireError(`field ${field.number} is not valid UTF-8`, field.offset);
  }
}

export function bytesOf(field: Field): Uint8Array {
  if (!(field.value instanceof Uint8Array))
    throw new WireError(`field ${field.number} should be length-delimited`, field.offset);
  return field.value;
}

/** Repeated int64, packed (LEN) or not (VARINT). */
export function packedVarints(field: Field, into: number[]): void {
  if (typeof field.value === "bigint") {
    into.push(int64(field.value, field.offset));
    return;
  }
  for (const inner of readFields(withTag(field.value), field.offset))
    into.push(int64(inner.value as bigint, field.offset));
}

/** Repeated float, packed (LEN) or not (I32). */
export function packedFloats(field: Field, into: number[]): void {
  if (typeof field.value === "bigint") {
    into.push(float32(field.value));
    return;
  }
  if (field.value.length % 4 !== 0) throw new WireError(`packed floats of ${field.value.length} bytes`, field.offset);
  const view = new DataView(field.value.buffer, field.value.byteOffset, field.value.length);
  for (let i = 0; i < field.value.length; i += 4) into.push(view.getFloat32(i, true));
}

/** Packed varints re-read as a sequence of VARINT fields numbered 1 (each preceded by the tag byte 0x08). */
function withTag(packed: Uint8Array): Uint8Array {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < packed.length; i++) {
    if (packed[i] < 0x80) {
      out.push(0x08, ...packed.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start !== packed.length) out.push(0x08, ...packed.subarray(start)); // truncated: let readFields say so
  return Uint8Array.from(out);
}

/** Builds one message; nested messages are written with `message`. */
export class Writer {
  private chunks: Uint8Array[] = [];

  private varint(value: bigint): void {
    const out: number[] = [];
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.chunks.push(Uint8Array.from(out));
  }

  private tag(number: number, wireType: number): void {
    this.varint(BigInt((number << 3) | wireType));
  }

  int(number: number, value: number | bigint): this {
    this.tag(number, 0);
    this.varint(BigInt(value));
    return this;
  }

  float(number: number, value: number): this {
    this.tag(number, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(b);
    return this;
  }

  bytes(number: number, value: Uint8Array): this {
    this.tag(number, 2);
    this.varint(BigInt(value.length));
    this.chunks.push(value);
    return this;
  }

  string(number: number, value: string): this {
    return this.bytes(number, new TextEncoder().encode(value));
  }

  message(number: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(number, inner.finish());
  }

  packedInts(number: number, values: readonly number[]): this {
    const inner = new Writer();
    for (const v of values) inner.varint(BigInt(v));
    return this.bytes(number, inner.finish());
  }

  finish(): Uint8Array {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
