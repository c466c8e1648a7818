// The client side of the platform's multipart uploads (the server side is
// packages/platform/src/uploads/multipart-upload.ts), one library for the
// participant CLI, the admin CLI and the organizers' web page. It runs in
// Node and in browsers: how one part's bytes travel is the caller's `put`
// (fetch from a file in Node, XMLHttpRequest with progress in a browser).
// Parts go `concurrency` at a time; each is tried `attempts` times with a
// growing pause; once one part fails for good the others take no new parts
// and the first failure is thrown (PartNotSent, or what onPartSent threw as
// it was). `onPartSent` may record the part on the
// server (so that a later run resumes with the missing parts only).

export interface PartToSend {
  partNumber: number;
  offset: number;
  size: number;
  url: string | null;
  done?: boolean;
}

export interface SentPart {
  partNumber: number;
  etag: string;
}

export interface SendPartsOptions {
  /** PUTs the part's bytes to its URL and returns the ETag the object store answered. */
  put: (part: PartToSend & { url: string }, onBytes: (sent: number) => void) => Promise<string>;
  onPartSent?: (part: SentPart) => Promise<unknown>;
  /** Bytes of the file sent so far (parts done before included), as parts progress. */
  onProgress?: (sentBytes: number) => void;
  concurrency?: number;
  attempts?: number;
  /** The pause before attempt n+1 is n × this (milliseconds). */
  backoffMs?: number;
}

/** A part that could not be sent after every attempt. */
export class PartNotSent extends Error {
  constructor(
    readonly partNumber: number,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(`part ${partNumber} could not be sent to the object store after ${attempts} attempt(s): ${reason}`);
  }
}

/** Sends every part not yet done; returns the ETags of the parts sent, in part order. */
export async function sendParts(parts: PartToSend[], options: SendPartsOptions): Promise<SentPart[]> {
  const { put, onPartSent, onProgress, concurrency = 4, attempts = 3, backoffMs = 500 } = options;
  const queue = parts.filter((p) => !p.done);
  const inFlight = new Map<number, number>();
  let finished = parts.filter((p) => p.done).reduce((sum, p) => sum + p.size, 0);
  const report = () => onProgress?.(finished + [...inFlight.values()].reduce((a, b) => a + b, 0));
  const sent: SentPart[] = [];
  let failure: unknown = null;

  const sendOne = async (part: PartToSend): Promise<string> => {
    if (!part.url) throw new PartNotSent(part.partNumber, 0, "the server gave no URL for it");
    const url = part.url;
    for (let attempt = 1; ; attempt++) {
      try {
        return await put({ ...part, url }, (n) => {
          inFlight.set(part.partNumber, n);
          report();
        });
      } catch (error) {
        inFlight.delete(part.partNumber);
        if (attempt >= attempts) throw new PartNotSent(part.partNumber, attempt, (error as Error).message);
        await new Promise((r) => setTimeout(r, backoffMs * attempt));
      }
    }
  };

  const worker = async () => {
    for (let part = queue.shift(); part && !failure; part = queue.shift()) {
      try {
        const etag = await sendOne(part);
        await onPartSent?.({ partNumber: part.partNumber, etag });
        sent.push({ partNumber: part.partNumber, etag });
        finished += part.size;
      } catch (error) {
        failure ??= error; // a PartNotSent, or what onPartSent threw
      } finally {
        inFlight.delete(part.partNumber);
        report();
      }
    }
  };
  report();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure;
  return sent.sort((a, b) => a.partNumber - b.partNumber);
}

/** The ETag an object store answered for a PUT, or why the PUT failed. */
export function etagOf(status: number, etag: string | null): string {
  if (status >= 200 && status < 300 && etag) return etag;
  throw new Error(`the object store answered HTTP ${status}${etag || status >= 300 ? "" : " without an ETag"}`);
}
