// The browser side of an organizer's dataset upload: parts go straight to S3
// through presigned URLs, four at a time, each retried; each part's ETag is
// recorded on the server, so a reload or a dropped connection resumes with
// the missing parts only. The file's SHA-256 is computed alongside (hash-wasm,
// incremental) and checked by the server against the object in S3.
import { createSHA256 } from "hash-wasm";

export interface UploadState {
  id: string;
  parts: { partNumber: number; offset: number; size: number; done: boolean; url: string | null }[];
  bytesDone: number;
  size: number;
}

export interface UploadApi {
  start(): Promise<UploadState>;
  resume(uploadId: string): Promise<UploadState | null>;
  recordPart(uploadId: string, partNumber: number, etag: string): Promise<unknown>;
  complete(uploadId: string, sha256: string): Promise<{ version: number; sha256: string }>;
}

export interface Progress {
  sent: number;
  hashed: number;
  total: number;
  resumedFrom: number | null;
}

const CONCURRENCY = 4;
const ATTEMPTS = 3;
const HASH_CHUNK = 8 * 1024 * 1024;

export class ConnectionLost extends Error {}

/** Which upload of this very file (same place, name, size and date) is under way, across reloads. */
export const resumeKey = (file: File, where: string) =>
  `unblind-upload:${where}:${file.name}:${file.size}:${file.lastModified}`;

async function sha256Of(file: File, onBytes: (n: number) => void): Promise<string> {
  const hasher = await createSHA256();
  for (let offset = 0; offset < file.size; offset += HASH_CHUNK) {
    const chunk = new Uint8Array(await file.slice(offset, offset + HASH_CHUNK).arrayBuffer());
    hasher.update(chunk);
    onBytes(offset + chunk.length);
  }
  return hasher.digest("hex");
}

function putPart(url: string, body: Blob, onBytes: (n: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onerror = () => reject(new ConnectionLost("the connection to the object store was lost"));
    xhr.onload = () => {
      const etag = xhr.getResponseHeader("ETag");
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new ConnectionLost(`the object store answered HTTP ${xhr.status}${etag ? "" : " without an ETag"}`));
    };
    xhr.send(body);
  });
}

export async function uploadResumable(file: File, where: string, api: UploadApi, onProgress: (p: Progress) => void) {
  const key = resumeKey(file, where);
  const saved = localStorage.getItem(key);
  let upload = saved ? await api.resume(saved).catch(() => null) : null;
  const resumedFrom = upload ? upload.bytesDone : null;
  if (!upload) {
    upload = await api.start();
    localStorage.setItem(key, upload.id);
  }
  const id = upload.id;
  const inFlight = new Map<number, number>();
  let done = upload.bytesDone;
  let hashed = 0;
  const report = () =>
    onProgress({
      sent: done + [...inFlight.values()].reduce((a, b) => a + b, 0),
      hashed,
      total: file.size,
      resumedFrom,
    });
  const hashing = sha256Of(file, (n) => ((hashed = n), report()));
  const queue = upload.parts.filter((p) => !p.done);
  let failed = false; // one part failing for good stops the others taking new ones
  const worker = async () => {
    for (let part = queue.shift(); part && !failed; part = queue.shift()) {
      const body = file.slice(part.offset, part.offset + part.size);
      let etag: string | null = null;
      for (let attempt = 1; !etag; attempt++) {
        try {
          etag = await putPart(part.url!, body, (n) => (inFlight.set(part!.partNumber, n), report()));
        } catch (error) {
          inFlight.delete(part.partNumber);
          if (attempt === ATTEMPTS) {
            failed = true;
            throw error;
          }
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
      await api.recordPart(id, part.partNumber, etag);
      inFlight.delete(part.partNumber);
      done += part.size;
      report();
    }
  };
  report();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const published = await api.complete(id, await hashing);
  localStorage.removeItem(key);
  return published;
}
