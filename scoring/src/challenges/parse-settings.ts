import type { z } from "zod";

/** A configurable scorer's settings (a bundle's scoring.config), or an Error naming the first key at fault. */
export function parseSettings<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join(".") || "the settings"}: ${issue.message}`);
  }
  return parsed.data;
}
