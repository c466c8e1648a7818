// The settings of the binary-classification scorer (binary-classification.ts),
// as a bundle's scoring.config gives them, and the keys they produce. Kept
// apart from the scorer (no file readers here): the platform's registry and
// the web pages import it.
import { z } from "zod";
import { labelledTruthSettings, parseSettings } from "./parse-settings.ts";

const efficiency = z.number().gt(0).lt(1);
const column = z.string().min(1).max(100);

export const binaryConfigSchema = z.strictObject({
  truth: labelledTruthSettings,
  submission: z.strictObject({ id: column.default("id"), score: column.default("score") }).prefault({}),
  accuracyCut: z.number().nullable().default(0.5),
  rejectionAt: z.array(efficiency).max(10).default([0.3, 0.5]),
  conventions: z
    .array(z.enum(["threshold", "interpolated", "nearest"]))
    .min(1)
    .default(["threshold"]),
  signalEfficiencyAt: z.array(efficiency).max(10).default([]),
  maxSignificance: z.boolean().default(false),
  /** The Kolmogorov–Smirnov distance between the classes' score distributions (an agreement test; lower is closer). */
  ks: z.boolean().default(false),
  ams: z
    .strictObject({
      br: z.number().min(0).default(10),
      /** Select score > cut; absent: the cut that maximises the AMS. */
      cut: z.number().optional(),
    })
    .optional(),
});
export type BinaryConfig = z.infer<typeof binaryConfigSchema>;

/** The settings, or an Error naming the key at fault. */
export function parseBinaryConfig(raw: unknown): BinaryConfig {
  return parseSettings(binaryConfigSchema, raw);
}

export const SUFFIX = { threshold: "", interpolated: "Interpolated", nearest: "Nearest" } as const;
export const rejectionKey = (e: number, convention: keyof typeof SUFFIX) =>
  `bgRejection${Math.round(e * 100)}${SUFFIX[convention]}`;
export const efficiencyKey = (e: number) => `sigEffAt${e.toExponential().replace(/\.?0*e\+?/, "e")}`;

/** The score keys these settings produce, in order. */
export function binaryMetricKeys(c: BinaryConfig): string[] {
  return [
    "auc",
    ...(c.accuracyCut === null ? [] : ["accuracy"]),
    ...c.rejectionAt.flatMap((e) => c.conventions.map((v) => rejectionKey(e, v))),
    ...c.signalEfficiencyAt.map(efficiencyKey),
    ...(c.maxSignificance ? ["maxSI"] : []),
    ...(c.ks ? ["ks"] : []),
    ...(c.ams ? ["ams", ...(c.ams.cut === undefined ? ["amsThreshold"] : [])] : []),
  ];
}
