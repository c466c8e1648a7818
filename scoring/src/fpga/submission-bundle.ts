// A model submission: model.onnx alone (hls4ml's defaults), or a .tar,
// .tar.gz or .zip holding model.onnx (any name ending .onnx), an optional
// manifest.json and an optional synthesis report (*_csynth.xml or
// report.json). Sizes are bounded before anything is decompressed into
// memory, so a compression bomb is refused, not expanded.
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { formatBytes } from "../format-bytes.ts";
import { InputError } from "../parse/input-error.ts";
import { readInput } from "../parse/read-input.ts";
import { isReportFile } from "./synthesis-report.ts";

export const BUNDLE_LIMITS = { maxBytes: 32 * 1024 ** 2, maxDecompressedBytes: 64 * 1024 ** 2, maxRatio: 200 };
/** Largest model accepted (a VU9P could not hold a much larger network fully unrolled anyway). */
export const MAX_MODEL_BYTES = 16 * 1024 ** 2;

export interface Bundle {
  model: { name: string; bytes: Uint8Array };
  manifest?: { name: string; text: string };
  report?: { name: string; text: string };
}

export async function readBundle(file: string, label = path.basename(file)): Promise<Bundle> {
  const data = await readInput(file, BUNDLE_LIMITS, label);
  let entries: Map<string, Uint8Array>;
  if (data.length >= 262 && data.toString("latin1", 257, 262) === "ustar") entries = readTar(data, label);
  else if (data.readUInt32LE(0) === 0x04034b50) entries = readZip(data, label);
  else if (looksLikeOnnx(data)) return { model: { name: label, bytes: data } };
  else
    throw new InputError(
      "not an ONNX model, a tar archive or a zip archive (submit model.onnx, or an archive of model.onnx, manifest.json and an optional report)",
      label,
    );
  const bundle: Partial<Bundle> = {};
  for (const [name, bytes] of entries) {
    const where = `${label}: ${name}`;
    const base = path.posix.basename(name);
    if (base.toLowerCase().endsWith(".onnx")) {
      if (bundle.model)
        throw new InputError(`two models in the archive (${bundle.model.name} and ${name}); submit one`, label);
      if (bytes.length > MAX_MODEL_BYTES)
        throw new InputError(
          `the model is ${formatBytes(bytes.length)}, above the limit of ${formatBytes(MAX_MODEL_BYTES)}`,
          where,
        );
      bundle.model = { name, bytes };
    } else if (base === "manifest.json") {
      if (bundle.manifest) throw new InputError("two manifest.json files in the archive", label);
      bundle.manifest = { name, text: utf8(bytes, where) };
    } else if (isReportFile(base)) {
      if (bundle.report)
        throw new InputError(`two synthesis reports in the archive (${bundle.report.name} and ${name})`, label);
      bundle.report = { name, text: utf8(bytes, where) };
    } else
      throw new InputError(
        `unexpected file ${name} (an archive holds model.onnx, manifest.json and optionally <top>_csynth.xml or report.json)`,
        label,
      );
  }
  if (!bundle.model) throw new InputError("the archive has no .onnx model", label);
  return bundle as Bundle;
}

/** An ONNX ModelProto starts with field 1 (ir_version, varint) or, rarely, another small field. */
function looksLikeOnnx(data: Buffer): boolean {
  return data.length > 2 && (data[0] === 0x08 || data[0] === 0x12 || data[0] === 0x3a);
}

/** Archive members that are not content: directories and macOS metadata. */
function skipped(name: string): boolean {
  return (
    name.endsWith("/") ||
    name.startsWith("__MACOSX/") ||
    path.posix.basename(name).startsWith("._") ||
    path.posix.basename(name) === ".DS_Store"
  );
}

function utf8(bytes: Uint8Array, where: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError("not UTF-8 text", where);
  }
}

/** POSIX ustar (with pax and GNU long names), as `tar cf`/`tar czf` write it. */
function readTar(data: Buffer, label: string): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= data.length) {
    const header = data.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header.toString("utf8", start, start + length).replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw new InputError(`corrupt tar header at byte ${pos}`, label);
    const type = String.fromCharCode(header[156] || 0x30);
    const body = data.subarray(pos + 512, pos + 512 + size);
    if (body.length < size) throw new InputError(`the tar archive is truncated (member at byte ${pos})`, label);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === "L") longName = body.toString("utf8").replace(/\0.*$/s, "");
    else if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (m) longName = m[1];
    } else if ((type === "0" || type === "7") && !skipped(name)) {
      name = name.replace(/^\.\//, "");
      if (entries.has(name)) throw new InputError(`${name} appears twice in the archive`, label);
      entries.set(name, body);
    }
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** Zip (stored or deflated members), from its central directory. */
function readZip(data: Buffer, label: string): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new InputError("corrupt zip archive: no end of central directory", label);
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  let budget = BUNDLE_LIMITS.maxDecompressedBytes;
  for (let k = 0; k < count; k++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50)
      throw new InputError(`corrupt zip archive: central directory entry ${k}`, label);
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extra = data.readUInt16LE(at + 30);
    const comment = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extra + comment;
    if (skipped(name)) continue;
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50)
      throw new InputError(`corrupt zip archive: ${name}`, label);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compressed);
    if (size > budget || size > compressed * BUNDLE_LIMITS.maxRatio + 1024 * 1024)
      throw new InputError(`${name} expands to ${formatBytes(size)}; refusing a possible zip bomb`, label);
    let body: Uint8Array;
    if (method === 0) body = raw;
    else if (method === 8) {
      try {
        body = inflateRawSync(raw, { maxOutputLength: size + 1 });
      } catch (error) {
        throw new InputError(`${name} could not be decompressed: ${(error as Error).message}`, label);
      }
    } else throw new InputError(`${name} uses zip compression method ${method}; use deflate or none`, label);
    if (body.length !== size)
      throw new InputError(`${name}: size ${body.length} differs from the ${size} bytes the archive declares`, label);
    budget -= size;
    if (entries.has(name)) throw new InputError(`${name} appears twice in the archive`, label);
    entries.set(name, body);
  }
  return entries;
}
