// Node's `put` for sendParts: one part of a file on disk, streamed with its
// exact Content-Length (the presigned URL is bound to it).
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { etagOf, type PartToSend } from "./send-parts.ts";

export function putFilePart(file: string) {
  return async (part: PartToSend & { url: string }, onBytes: (sent: number) => void): Promise<string> => {
    let sent = 0;
    const stream = createReadStream(file, { start: part.offset, end: part.offset + part.size - 1 }).on("data", (c) => {
      sent += (c as Buffer).length;
      onBytes(sent);
    });
    const res = await fetch(part.url, {
      method: "PUT",
      body: Readable.toWeb(stream) as ReadableStream,
      headers: { "content-length": String(part.size) },
      duplex: "half",
    } as RequestInit);
    await res.arrayBuffer().catch(() => {});
    return etagOf(res.status, res.headers.get("etag"));
  };
}
