// The settings of the regression scorer (regression.ts), as a bundle's
// scoring.config gives them, and the keys they produce. Kept apart from the
// scorer's file readers: the platform's registry imports it.
import { z } from "zod";
import { parseSettings } from "./parse-settings.ts";

const column = z.string().min(1).max(100);

export const regressionConfigSchema = z.strictObject({
  truth: z
    .strictObject({
      id: column.default("id"),
      target: column.default("target"),
      /** A truth column to give the bias and resolution in bins of (energy, η, …). */
      bin: column.optional(),
      key: column.default("table"),
    })
    .prefault({}),
  submission: z.strictObject({ id: column.default("id"), prediction: column.default("prediction") }).prefault({}),
  /** Bin edges in the truth.bin column, ascending: bins [e0, e1), [e1, e2), … */
  bins: z.array(z.number()).min(2).max(51).optional(),
});
export type RegressionConfig = z.infer<typeof regressionConfigSchema>;

export function parseRegressionConfig(raw: unknown): RegressionConfig {
  const c = parseSettings(regressionConfigSchema, raw);
  if (!c.truth.bin !== !c.bins) throw new Error("truth.bin and bins go together: the column and its bin edges");
  if (c.bins?.some((e, i) => i > 0 && e <= c.bins![i - 1])) throw new Error("bins: the edges must increase");
  return c;
}

/** The score keys: rmse, mae, bias, resolution, and per bin k (1-based) biasBin<k> and resolutionBin<k>. */
export function regressionMetricKeys(c: RegressionConfig): string[] {
  const perBin = (c.bins ?? []).slice(1).flatMap((_, k) => [`biasBin${k + 1}`, `resolutionBin${k + 1}`]);
  return ["rmse", "mae", "bias", "resolution", ...perBin];
}
