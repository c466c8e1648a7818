// `unblind submit <slug> <file> [--description …] [--wait]`: one multipart
// POST, streamed from disk with a progress bar. With --wait it follows the
// submission to its final state and prints the scores; invalid or failed
// submissions exit 3 with the reason.
import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { apiJson } from "../api.ts";
import { CliError, type CliConfig } from "../config.ts";
import { Progress } from "../progress.ts";

interface Submission {
  id: string;
  status: string;
  scores: Record<string, unknown> | null;
  error: { message: string } | null;
}

function multipartBody(file: string, description: string | undefined, boundary: string, progress: Progress): ReadableStream<Uint8Array> {
  const head =
    (description ? `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n${description}\r\n` : "") +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file).replace(/"/g, "")}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  async function* parts() {
    yield Buffer.from(head);
    for await (const chunk of createReadStream(file)) {
      progress.add((chunk as Buffer).length);
      yield chunk as Buffer;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return Readable.toWeb(Readable.from(parts())) as ReadableStream<Uint8Array>;
}

export async function submit(config: CliConfig, slug: string, file: string, options: { description?: string; wait: boolean }): Promise<{ submission: Submission; exitCode: number }> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`No such file: ${file}`, 2);
  }
  const boundary = `unblind-${randomUUID()}`;
  const progress = new Progress(`uploading ${path.basename(file)}`, size);
  const created = await apiJson<Submission>(config, `/challenges/${encodeURIComponent(slug)}/submissions`, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "idempotency-key": randomUUID() },
    body: multipartBody(file, options.description, boundary, progress),
    duplex: "half",
  } as RequestInit);
  progress.finish("sent");
  process.stderr.write(`submission ${created.id}: ${created.status.toLowerCase()}\n`);
  if (!options.wait) return { submission: created, exitCode: 0 };

  let delay = 500;
  for (;;) {
    const s = await apiJson<Submission>(config, `/submissions/${created.id}`);
    if (s.status === "SCORED") return { submission: s, exitCode: 0 };
    if (s.status === "INVALID" || s.status === "FAILED") {
      process.stderr.write(`submission ${s.id} is ${s.status.toLowerCase()}: ${s.error?.message ?? "no details"}\n`);
      return { submission: s, exitCode: 3 };
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.5, 5000);
  }
}
