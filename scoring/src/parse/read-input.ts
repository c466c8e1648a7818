// Reads a participant's or organizer's file with hard bounds: the raw size,
// the decompressed size and the decompression ratio (against gzip bombs).
// Gzip is detected by its magic bytes, not by the file name.
import { createReadStream, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { createGunzip, gunzipSync } from "node:zlib";
import { formatBytes } from "../format-bytes.ts";
import { InputError } from "./input-error.ts";
import { readHead } from "./read-head.ts";

export interface ReadLimits {
  /** Largest file accepted as stored (compressed or not). */
  maxBytes: number;
  /** Largest content accepted after decompression. */
  maxDecompressedBytes: number;
  /** Largest decompressed/compressed ratio; real CSV compresses about 3–10×. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 1024 ** 3,
  maxDecompressedBytes: 4 * 1024 ** 3 - 1,
  maxRatio: 200,
};

const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_LINE_BYTES = 1024 * 1024;

/** The file's content as a stream of chunks, decompressed when gzipped, within the limits. */
export async function* inputChunks(
  file: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  label = path.basename(file),
): AsyncGenerator<Buffer> {
  const size = statSync(file).size;
  if (size === 0) throw new InputError("the file is empty", label);
  if (size > limits.maxBytes) {
    throw new InputError(`the file is ${formatBytes(size)}, above the limit of ${formatBytes(limits.maxBytes)}`, label);
  }
  const head = await readHead(file, 2);
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const cap = gzipped ? Math.min(limits.maxDecompressedBytes, Math.max(size * limits.maxRatio, 1024 * 1024)) : size;
  let total = 0;
  const source = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream = gzipped ? source.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) {
        throw new InputError(
          `the gzip content expands past ${formatBytes(cap)} (more than ${limits.maxRatio}× its compressed size, or above the size limit); refusing a possible gzip bomb`,
          label,
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `the file could not be ${gzipped ? "decompressed" : "read"}: ${(error as Error).message}`,
      label,
    );
  } finally {
    source.destroy();
  }
  if (total === 0) throw new InputError("the file is empty after decompression", label);
}

/** A file already in memory: a member of a submitted archive (multi-task.ts), named for messages. */
export interface MemoryFile {
  name: string;
  data: Uint8Array;
}
export type InputFile = string | MemoryFile;

/** The name messages give a file. */
export const inputLabel = (file: InputFile) => (typeof file === "string" ? path.basename(file) : file.name);

/** An archive member's content, decompressed when gzipped, within the same limits as a file. */
function memoryContent({ data }: MemoryFile, limits: ReadLimits, label: string): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length === 0) throw new InputError("the file is empty", label);
  if (bytes.length > limits.maxBytes)
    throw new InputError(
      `the file is ${formatBytes(bytes.length)}, above the limit of ${formatBytes(limits.maxBytes)}`,
      label,
    );
  if (!(bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1])) return bytes;
  const cap = Math.min(limits.maxDecompressedBytes, Math.max(bytes.length * limits.maxRatio, 1024 * 1024));
  try {
    return gunzipSync(bytes, { maxOutputLength: cap });
  } catch (error) {
    const tooBig = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw new InputError(
      tooBig
        ? `the gzip content expands past ${formatBytes(cap)}; refusing a possible gzip bomb`
        : `the file could not be decompressed: ${(error as Error).message}`,
      label,
    );
  }
}

/**
 * The whole (decompressed) content in memory, for files of bounded size.
 * A plain file that fits in `reuse` is read into it (the result is then a
 * view of `reuse`), which saves allocating and faulting in fresh memory.
 */
export async function readInput(
  file: InputFile,
  limits: ReadLimits = DEFAULT_LIMITS,
  label = inputLabel(file),
  reuse?: Buffer,
): Promise<Buffer> {
  if (typeof file !== "string") return memoryContent(file, limits, label);
  const head = await readHead(file, 2);
  if (head.length === 2 && !(head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1])) {
    // Plain file: one read, no chunk copies.
    const size = statSync(file).size;
    if (size > limits.maxBytes) {
      throw new InputError(
        `the file is ${formatBytes(size)}, above the limit of ${formatBytes(limits.maxBytes)}`,
        label,
      );
    }
    return readWhole(file, size, reuse && reuse.length >= size ? reuse : Buffer.allocUnsafe(size));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of inputChunks(file, limits, label)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * A plain file in one buffer. Unlike fs.readFile, which reads 512 KiB at a
 * time and needs the event loop between reads, this asks for the whole file
 * at once, so the read runs in the background while the caller computes.
 */
async function readWhole(file: string, size: number, buffer: Buffer): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break; // the file shrank while being read
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The content in chunks that each end on a line boundary, so that a
 * ByteCursor never sees half a line. A last line without its newline gets one.
 */
export async function* lineChunks(
  file: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  label = path.basename(file),
): AsyncGenerator<Buffer> {
  let carry: Buffer | undefined;
  for await (const chunk of inputChunks(file, limits, label)) {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    const last = data.lastIndexOf(10);
    if (last === -1) {
      if (data.length > MAX_LINE_BYTES)
        throw new InputError(`a line is longer than ${formatBytes(MAX_LINE_BYTES)}; is this a CSV file?`, label);
      carry = data;
      continue;
    }
    carry = last + 1 < data.length ? Buffer.from(data.subarray(last + 1)) : undefined;
    yield data.subarray(0, last + 1);
  }
  if (carry) yield Buffer.concat([carry, Buffer.from("\n")]);
}
