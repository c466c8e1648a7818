// A ZIP archive of files, as the TrackML release ships its events
// (`train_1.zip` holding `train_1/event000001000-hits.csv`, …), readable by
// Python's zipfile (and so by the trackml library's load_dataset), unzip and
// every archiver. Each entry is deflated; the archive is written entry by
// entry, so memory holds one file at a time. ZIP64 is not written: an archive
// stays under 4 GiB and 65,535 entries, and a larger one is refused.
import { open, readFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** DOS date and time of 1980-01-01 00:00: fixed, so the same files give the same archive. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export interface ZipEntry {
  /** The name inside the archive, with "/" between folders. */
  name: string;
  /** The file to read it from. */
  path: string;
}

export async function writeZip(archive: string, entries: ZipEntry[]): Promise<void> {
  if (entries.length > 0xffff)
    throw new Error(`${archive}: ${entries.length} entries, more than a ZIP without ZIP64 holds`);
  const out = await open(archive, "w");
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const entry of entries) {
      const data = await readFile(entry.path);
      const packed = deflateRawSync(data, { level: 6 });
      const name = Buffer.from(entry.name, "utf8");
      const crc = crc32(data);
      if (offset + 30 + name.length + packed.length > 0xffffffff || data.length > 0xffffffff)
        throw new Error(`${archive}: beyond 4 GiB, which needs ZIP64`);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt16LE(DOS_TIME, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      await out.write(Buffer.concat([local, name]));
      await out.write(packed);
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(DOS_TIME, 12);
      header.writeUInt16LE(DOS_DATE, 14);
      header.writeUInt32LE(crc, 16);
      header.writeUInt32LE(packed.length, 20);
      header.writeUInt32LE(data.length, 24);
      header.writeUInt16LE(name.length, 28);
      header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      header.writeUInt32LE(offset, 42);
      central.push(Buffer.concat([header, name]));
      offset += 30 + name.length + packed.length;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await out.write(Buffer.concat([directory, end]));
  } finally {
    await out.close();
  }
}
