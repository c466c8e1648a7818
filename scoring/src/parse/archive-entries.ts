// The members of a tar or zip archive, in memory (the archive is read within
// limits first; a zip member's declared size is checked against the limits
// and its compression ratio before it is inflated). Regular files only:
// directories, links and macOS metadata are left out.
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { formatBytes } from "../format-bytes.ts";
import { InputError } from "./input-error.ts";
import type { ReadLimits } from "./read-input.ts";

export const isTar = (data: Buffer) => data.length >= 262 && data.toString("latin1", 257, 262) === "ustar";
export const isZip = (data: Buffer) => data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;

/** Archive members that are not content: directories and macOS metadata. */
function skipped(name: string): boolean {
  return (
    name.endsWith("/") ||
    name.startsWith("__MACOSX/") ||
    path.posix.basename(name).startsWith("._") ||
    path.posix.basename(name) === ".DS_Store"
  );
}

/** POSIX ustar (with pax and GNU long names), as `tar cf`/`tar czf` write it. */
export function readTar(data: Buffer, label: string): Map<string, Uint8Array> {
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
export function readZip(data: Buffer, label: string, limits: ReadLimits): Map<string, Uint8Array> {
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
  let budget = limits.maxDecompressedBytes;
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
    if (size > budget || size > compressed * limits.maxRatio + 1024 * 1024)
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
