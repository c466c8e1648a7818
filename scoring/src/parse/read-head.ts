import { open } from "node:fs/promises";

/** The first `n` bytes of a file (fewer if it is shorter), to sniff its format. */
export async function readHead(file: string, n: number): Promise<Buffer> {
  const fd = await open(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fd.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}
