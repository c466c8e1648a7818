import { z } from "zod";

/** A configurable scorer's settings (a bundle's scoring.config), or an Error naming the first key at fault. */
export function parseSettings<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join(".") || "the settings"}: ${issue.message}`);
  }
  return parsed.data;
}

const column = z.string().min(1).max(100);

/** A classification truth's settings: its id, label and optional weight columns, and the pandas key of an HDF5 file. */
export const labelledTruthSettings = z
  .strictObject({
    id: column.default("id"),
    label: column.default("label"),
    weight: column.optional(),
    /** HDF5 truth: the pandas key. */
    key: column.default("table"),
  })
  .prefault({});
