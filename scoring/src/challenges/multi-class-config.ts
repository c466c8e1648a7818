// The settings of the multi-class scorer (multi-class.ts), as a bundle's
// scoring.config gives them, and the keys they produce. Kept apart from the
// scorer's file readers: the platform's registry imports it.
import { z } from "zod";
import { labelledTruthSettings, parseSettings } from "./parse-settings.ts";

const column = z.string().min(1).max(100);

export const multiClassConfigSchema = z.strictObject({
  /** The class names, in the order of the truth's label index (0, 1, …); each is also the submission's column of its probability. */
  classes: z
    .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "a class name: a letter, then letters, digits or '_'"))
    .min(2)
    .max(50),
  truth: labelledTruthSettings,
  submission: z.strictObject({ id: column.default("id") }).prefault({}),
});
export type MultiClassConfig = z.infer<typeof multiClassConfigSchema>;

export function parseMultiClassConfig(raw: unknown): MultiClassConfig {
  const c = parseSettings(multiClassConfigSchema, raw);
  const twice = c.classes.find((name, i) => c.classes.indexOf(name) !== i);
  if (twice) throw new Error(`classes: "${twice}" appears twice`);
  if (c.classes.includes(c.submission.id)) throw new Error(`classes: "${c.submission.id}" is the id column`);
  return c;
}

/** The score keys: aucMacro, auc_<class> for each class, accuracy, logLoss. */
export function multiClassMetricKeys(c: MultiClassConfig): string[] {
  return ["aucMacro", ...c.classes.map((name) => `auc_${name}`), "accuracy", "logLoss"];
}
