// The browser side of an organizer's dataset upload: parts go straight to S3
// through presigned URLs (sendParts: four at a time, each retried); each part's ETag is
// recorded on the server, so a reload or a dropped connection resumes with
// the missing parts only. The file's SHA-256 is computed alongside (hash-wasm,
// incremental) and checked by the server against the object in S3.
import { etagOf, PartNotSent, type PartToSend, sendParts } from "@unblind/upload-client/send-parts.ts";
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

/** The browser's `put` for sendParts: XMLHttpRequest, for its upload progress events. */
const putBlobPart =
  (file: File) =>
  (part: PartToSend & { url: string }, onBytes: (n: number) => void): Promise<string> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", part.url);
      xhr.upload.onprogress = (e) => onBytes(e.loaded);
      xhr.onerror = () => reject(new ConnectionLost("the connection to the object store was lost"));
      xhr.onload = () => {
        try {
          resolve(etagOf(xhr.status, xhr.getResponseHeader("ETag")));
        } catch (error) {
          reject(new ConnectionLost((error as Error).message));
        }
      };
      xhr.send(file.slice(part.offset, part.offset + part.size));
    });

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
  let sent = upload.bytesDone;
  let hashed = 0;
  const report = () => onProgress({ sent, hashed, total: file.size, resumedFrom });
  const hashing = sha256Of(file, (n) => ((hashed = n), report()));
  try {
    await sendParts(upload.parts, {
      put: putBlobPart(file),
      onPartSent: (part) => api.recordPart(id, part.partNumber, part.etag),
      onProgress: (n) => ((sent = n), report()),
    });
  } catch (error) {
    throw error instanceof PartNotSent ? new ConnectionLost(error.reason) : error;
  }
  const published = await api.complete(id, await hashing);
  localStorage.removeItem(key);
  return published;
}
