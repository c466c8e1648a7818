// `unblind submit <slug> <file> [--description …] [--wait]`: one multipart
// POST, streamed from disk with a progress bar. With --wait it follows the
// submission to its final state and prints the scores; invalid or failed
// submissions exit 3 with the reason.
import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { putFilePart } from "@unblind/upload-client/put-file-part.ts";
import { PartNotSent, type PartToSend, type SentPart, sendParts } from "@unblind/upload-client/send-parts.ts";
import { apiJson } from "../api.ts";
import { CliError, type CliConfig } from "../config.ts";
import { Progress } from "../progress.ts";

interface Submission {
  id: string;
  status: string;
  scores: Record<string, unknown> | null;
  error: { message: string } | null;
}

function multipartBody(
  file: string,
  fields: { description?: string; phase?: string },
  boundary: string,
  progress: Progress,
): ReadableStream<Uint8Array> {
  const head =
    Object.entries(fields)
      .filter(([, value]) => value)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") +
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

/** Files from this size go in parts straight to object storage (UNBLIND_MULTIPART_MIN_BYTES to change). */
const PARTS_FROM_BYTES = Number(process.env.UNBLIND_MULTIPART_MIN_BYTES || 64 * 1024 * 1024);

interface UploadStarted {
  id: string;
  parts: PartToSend[];
}

/** The three-step upload: start, PUT the parts to their presigned URLs (four at a time, each retried), complete. */
async function uploadInParts(
  config: CliConfig,
  slug: string,
  file: string,
  size: number,
  fields: { description?: string; phase?: string },
  progress: Progress,
): Promise<Submission> {
  const key = randomUUID();
  const started = await apiJson<UploadStarted | Submission>(config, `/challenges/${encodeURIComponent(slug)}/uploads`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ fileName: path.basename(file), size, ...fields }),
  });
  if (!("parts" in started)) return started; // made already by an earlier try with this key
  let parts: SentPart[];
  let reported = 0;
  try {
    parts = await sendParts(started.parts, {
      put: putFilePart(file),
      onProgress: (sent) => {
        progress.add(sent - reported);
        reported = sent;
      },
    });
  } catch (error) {
    throw error instanceof PartNotSent ? new CliError(error.message) : error;
  }
  return apiJson<Submission>(config, `/uploads/${started.id}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ parts }),
  });
}

export async function submit(
  config: CliConfig,
  slug: string,
  file: string,
  options: { description?: string; phase?: string; wait: boolean },
): Promise<{ submission: Submission; exitCode: number }> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`No such file: ${file}`, 2);
  }
  const progress = new Progress(`uploading ${path.basename(file)}`, size);
  const fields = { description: options.description, phase: options.phase };
  let created: Submission;
  if (size >= PARTS_FROM_BYTES) {
    created = await uploadInParts(config, slug, file, size, fields, progress);
  } else {
    const boundary = `unblind-${randomUUID()}`;
    created = await apiJson<Submission>(config, `/challenges/${encodeURIComponent(slug)}/submissions`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "idempotency-key": randomUUID() },
      body: multipartBody(file, fields, boundary, progress),
      duplex: "half",
    } as RequestInit);
  }
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
