import type { z } from "zod";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { readBodyText } from "./read-body.ts";

/** The largest JSON body a REST route reads (a multipart completion lists up to 10,000 ETags). */
const MAX_JSON_BYTES = 1024 * 1024;

/** The request's JSON body checked against a schema; a bad one is a 400 naming the field. */
export async function jsonBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const text = await readBodyText(req, MAX_JSON_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body must be JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return parsed.data;
}
