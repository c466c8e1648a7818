// What a black box's answer holds, as a bundle's scoring.blackBox gives it:
// the quantities (each with its unit, whether it is required, whether it
// must be non-negative), which one counts the signal events (a value above 0
// with a p-value at or below the threshold claims a signal), which pairs are
// matched to the truth in either order (two daughter masses), and the claim
// threshold. The default is the LHC Olympics 2020 answer. Kept apart from
// the readers: the platform's registry, pages and forms import it.
import { z } from "zod";
import { parseSettings } from "./parse-settings.ts";

const key = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "a quantity key: a letter, then letters, digits or '_'")
  .refine((k) => k !== "pValue" && k !== "description", "pValue and description are every answer's own fields");

export const blackBoxConfigSchema = z.strictObject({
  quantities: z
    .array(
      z.strictObject({
        key,
        label: z.string().trim().min(1).max(120),
        unit: z.string().max(20).default(""),
        required: z
          .enum(["always", "with-signal", "optional"])
          .default("optional")
          .describe("with-signal: required when the answer reports signal events"),
        nonNegative: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(20),
  /** The quantity counting signal events: always required. */
  signal: key.default("nSignal"),
  /** Pairs matched to the truth in either order (the smaller sum of squared pulls). */
  interchangeable: z
    .array(z.tuple([key, key]))
    .max(5)
    .default([]),
  /** The p-value at or below which reported signal events are a claim (one-sided 3σ by default). */
  claimThreshold: z.number().gt(0).lt(1).default(1.35e-3),
});
export type BlackBoxConfig = z.infer<typeof blackBoxConfigSchema>;
export type BlackBoxQuantity = BlackBoxConfig["quantities"][number];

/** The LHC Olympics 2020 answer (Kasieczka et al., Rep. Prog. Phys. 84 (2021) 124201, §3). */
export const LHCO_BLACK_BOX: BlackBoxConfig = {
  quantities: [
    { key: "resonanceMass", label: "Resonance mass m_X", unit: "GeV", required: "with-signal", nonNegative: true },
    { key: "daughterMass1", label: "Heavier daughter mass", unit: "GeV", required: "optional", nonNegative: true },
    { key: "daughterMass2", label: "Lighter daughter mass", unit: "GeV", required: "optional", nonNegative: true },
    { key: "nSignal", label: "Signal events", unit: "events", required: "always", nonNegative: true },
  ],
  signal: "nSignal",
  interchangeable: [["daughterMass1", "daughterMass2"]],
  claimThreshold: 1.35e-3,
};

/** The settings (null or absent: the LHC Olympics answer), or an Error naming the key at fault. */
export function parseBlackBoxConfig(raw: unknown): BlackBoxConfig {
  if (raw === null || raw === undefined) return LHCO_BLACK_BOX;
  const c = parseSettings(blackBoxConfigSchema, raw);
  const keys = c.quantities.map((q) => q.key);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) throw new Error(`quantities.${i}.key: "${k}" appears twice`);
  });
  if (!keys.includes(c.signal))
    throw new Error(`signal: "${c.signal}" is not one of the quantities (${keys.join(", ")})`);
  c.interchangeable.forEach(([a, b], i) => {
    for (const k of [a, b])
      if (!keys.includes(k)) throw new Error(`interchangeable.${i}: "${k}" is not one of the quantities`);
    if (a === b) throw new Error(`interchangeable.${i}: a quantity is not interchangeable with itself`);
  });
  return c;
}
