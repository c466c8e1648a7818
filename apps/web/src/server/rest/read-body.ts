// A request body read with a bound: refused from its declared length before
// a byte is read, and while streaming once it passes the bound, so that no
// body is ever buffered past `maxBytes`.
import { AppError } from "@unblind/platform/errors/app-error.ts";

export async function readBodyText(req: Request, maxBytes: number, what = "The body"): Promise<string> {
  const tooLarge = () =>
    new AppError("PAYLOAD_TOO_LARGE", `${what} is larger than ${Math.round(maxBytes / 1024)} KiB.`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await req.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
