// Streams the `file` field of a multipart/form-data request (busboy): the
// bytes go on to object storage as they arrive, never buffered whole. Fields
// sent before the file (`description`, a box `answer`) are read first.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@unblind/platform/errors/app-error.ts";

export interface MultipartFile {
  fileName: string;
  fields: Record<string, string>;
  body: Readable;
}

export function multipartFile(req: Request, field = "file"): Promise<MultipartFile> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data"))
    throw new AppError("BAD_REQUEST", `Send the file as multipart/form-data with a \`${field}\` field.`);
  if (!req.body) throw new AppError("BAD_REQUEST", "The request has no body.");
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let found = false;
    const parser = busboy({
      headers: { "content-type": type },
      limits: { files: 1, fields: 10, fieldSize: 16 * 1024 },
    });
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("file", (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      found = true;
      resolve({ fileName: info.filename || "submission.csv", fields, body: stream });
    });
    parser.on("error", (e: Error) =>
      reject(new AppError("BAD_REQUEST", `The multipart body could not be read: ${e.message}`)),
    );
    parser.on("close", () => {
      if (!found) reject(new AppError("BAD_REQUEST", `The multipart body has no \`${field}\` field.`));
    });
    Readable.fromWeb(req.body as WebReadableStream).pipe(parser);
  });
}
