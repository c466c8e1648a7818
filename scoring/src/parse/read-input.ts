// Reads a participant's or organizer's file into memory with hard bounds:
// the raw size, the decompressed size and the decompression ratio (against
// gzip bombs). Gzip is detected by its magic bytes, not by the file name.
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { createGunzip } from "node:zlib";
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

export async function readInput(file: string, limits: ReadLimits = DEFAULT_LIMITS, label = path.basename(file)): Promise<Buffer> {
  const size = statSync(file).size;
  if (size === 0) throw new InputError("the file is empty", label);
  if (size > limits.maxBytes) {
    throw new InputError(`the file is ${formatBytes(size)}, above the limit of ${formatBytes(limits.maxBytes)}`, label);
  }
  const head = await readHead(file, 2);
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const cap = gzipped ? Math.min(limits.maxDecompressedBytes, Math.max(size * limits.maxRatio, 1024 * 1024)) : size;
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(file);
  const stream = gzipped ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) {
        source.destroy();
        throw new InputError(
          `the gzip content expands past ${formatBytes(cap)} (more than ${limits.maxRatio}× its compressed size, or above the size limit); refusing a possible gzip bomb`,
          label,
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`the file could not be decompressed: ${(error as Error).message}`, label);
  }
  const data = Buffer.concat(chunks, total);
  if (data.length === 0) throw new InputError("the file is empty after decompression", label);
  return data;
}
