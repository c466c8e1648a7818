// `unblind download <slug> [--dest dir]`: every file the token may download,
// through its presigned URL. An interrupted download resumes from its
// `.part` file (HTTP Range); each file is checked against its SHA-256 before
// it takes its final name, and a mismatch fails loudly.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { apiJson } from "../api.ts";
import { CliError, type CliConfig } from "../config.ts";
import { Progress } from "../progress.ts";

interface RemoteFile {
  name: string;
  size: number;
  sha256: string;
  url: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function fetchInto(file: RemoteFile, part: string): Promise<void> {
  const have = existsSync(part) ? statSync(part).size : 0;
  const res = await fetch(file.url, have > 0 && have < file.size ? { headers: { range: `bytes=${have}-` } } : {});
  if (!res.ok || !res.body) throw new CliError(`${file.name}: download failed with HTTP ${res.status}`);
  const resumed = res.status === 206;
  const progress = new Progress(file.name, file.size);
  progress.add(resumed ? have : 0);
  const counting = Readable.fromWeb(res.body as WebReadableStream).on("data", (chunk: Buffer) =>
    progress.add(chunk.length),
  );
  await pipeline(counting, createWriteStream(part, { flags: resumed ? "a" : "w" }));
  progress.finish(resumed ? `(resumed at ${have} bytes)` : "");
}

export async function download(config: CliConfig, slug: string, dest: string): Promise<string[]> {
  const files = await apiJson<RemoteFile[]>(config, `/challenges/${encodeURIComponent(slug)}/files`);
  mkdirSync(dest, { recursive: true });
  const saved: string[] = [];
  for (const file of files) {
    const target = path.join(dest, path.basename(file.name));
    if (existsSync(target) && statSync(target).size === file.size && (await sha256Of(target)) === file.sha256) {
      process.stderr.write(`${file.name}: already downloaded and verified\n`);
      saved.push(target);
      continue;
    }
    const part = `${target}.part`;
    await fetchInto(file, part);
    const actual = await sha256Of(part);
    if (actual !== file.sha256) {
      rmSync(part, { force: true });
      throw new CliError(
        `${file.name}: SHA-256 MISMATCH. Expected ${file.sha256}, got ${actual}. The file was not kept; report this to the organizers.`,
      );
    }
    renameSync(part, target);
    saved.push(target);
  }
  return saved;
}
