// Every scorer the platform runs, in one table: what its scores are (a zod
// schema, parsed once where results enter the platform, classify-run.ts),
// what it takes as a submission, its configuration, and which of its keys are
// details for the submission page rather than leaderboard columns. A new
// kind of challenge is one entry here (and its page components).
import { z } from "zod";
import { PROGRAM, parseProgramConfig } from "@unblind/scoring/challenges/program-config.ts";
import type { FpgaJetScores } from "@unblind/scoring/challenges/fpga-jet-tagging.ts";
import { parseFpgaConfig } from "@unblind/scoring/fpga/fpga-config.ts";
import { binaryMetricKeys, parseBinaryConfig } from "@unblind/scoring/challenges/binary-config.ts";
import { parseRegressionConfig, regressionMetricKeys } from "@unblind/scoring/challenges/regression-config.ts";
import { multiClassMetricKeys, parseMultiClassConfig } from "@unblind/scoring/challenges/multi-class-config.ts";
import {
  AVERAGE_RANK,
  multiTaskMetricKeys,
  parseMultiTaskConfig,
} from "@unblind/scoring/challenges/multi-task-config.ts";

/** A metric the scorer may not be able to compute (NaN is written as null in JSON). */
const metric = z.number().nullable();

const fpgaScoresSchema = z
  .object({
    figureOfMerit: metric,
    accuracy: metric,
    /** Plain models only: the submitted model in float32. */
    accuracyFloat: metric.optional(),
    aucMean: metric,
    resourceUse: z.number(),
    dspPercent: z.number(),
    lutPercent: z.number(),
    ffPercent: z.number(),
    bramPercent: z.number(),
    latencyNs: z.number(),
    withinBudget: z.boolean(),
    nJets: z.int(),
    fpga: z.custom<FpgaJetScores["fpga"]>(
      (v) => typeof v === "object" && v !== null && "estimate" in v && "violations" in v && "device" in v,
      "the FPGA details (estimate, violations, device)",
    ),
  })
  .catchall(z.unknown());
export type FpgaStoredScores = z.infer<typeof fpgaScoresSchema>;
/** A submission's scores as the FPGA track's, or null when they are not. */
export const readFpgaScores = (scores: unknown): FpgaStoredScores | null =>
  fpgaScoresSchema.safeParse(scores).data ?? null;

export interface ScorerEntry {
  /** The scores of one side of a submission (public, or private), details apart (curves, per-unit results). */
  scores: z.ZodType<Record<string, unknown>>;
  /** What the submit form accepts. */
  accept: string;
  /** The scorer's --config from the challenge's scoringConfig; null when it takes none. */
  parseConfig: ((raw: unknown) => unknown) | null;
  /** Keys of the scores shown on the submission page only, never as leaderboard columns. */
  detailKeys: readonly string[];
  /**
   * Columns of the official labelled files that carry the answer: a blind
   * derivation (datasets/blind-derivation.ts) refuses to leave any of them in
   * the participant file.
   */
  answerColumns: readonly string[];
  /** The page component that shows the configuration to participants and organizers, if any. */
  configView?: "fpga-budget";
  /** A configurable scorer: the keys it produces under these settings (else those of `scores`). */
  keysFor?: (config: unknown) => string[];
  /** A scorer of several tasks: their keys (a phase has a truth file per task). */
  tasksFor?: (config: unknown) => string[];
  /** Metrics whose direction is fixed (the average rank: lower is better). */
  directions?: Record<string, "higher" | "lower">;
  /** The challenge's declared metrics are its keys (an organizer's scoring program). */
  declaresKeys?: boolean;
}

const CSV = ".csv,.gz,text/csv";

export const SCORERS: Record<string, ScorerEntry> = {
  "top-tagging": {
    scores: z
      .object({
        auc: metric,
        accuracy: metric,
        bgRejection30: metric,
        bgRejection50: metric,
        bgRejection30Interpolated: metric,
        bgRejection50Interpolated: metric,
        bgRejection30Nearest: metric,
        bgRejection50Nearest: metric,
        unbounded: z.array(z.string()),
        nJets: z.int(),
      })
      .catchall(z.unknown()),
    accept: CSV,
    parseConfig: null,
    detailKeys: [],
    // The public test.h5 of Kasieczka et al.: the label and the top quark's four-momentum.
    answerColumns: ["is_signal_new", "truthE", "truthPX", "truthPY", "truthPZ"],
  },
  trackml: {
    scores: z
      .object({
        score: metric,
        efficiency: metric,
        fakeRate: metric,
        duplicateRate: metric,
        nEvents: z.int(),
        nTracks: z.int(),
      })
      .catchall(z.unknown()),
    accept: CSV,
    parseConfig: null,
    detailKeys: [],
    answerColumns: [],
  },
  lhco: {
    scores: z
      .object({
        auc: metric,
        "sigEffAt1e-2": metric,
        "sigEffAt1e-3": metric,
        "sigEffAt1e-4": metric,
        maxSI: metric,
        nEvents: z.int(),
        nSignal: z.int(),
      })
      .catchall(z.unknown()),
    accept: CSV,
    parseConfig: null,
    detailKeys: [],
    // The R&D file events_anomalydetection.h5: the label is its last column, 2100.
    answerColumns: ["2100", "label"],
  },
  // Configured by the bundle (column names, working points, AMS): its keys follow the settings.
  "binary-classification": {
    scores: z.object({ auc: metric, nEvents: z.int() }).catchall(z.unknown()),
    accept: CSV,
    parseConfig: parseBinaryConfig,
    detailKeys: [],
    answerColumns: ["label", "is_signal", "is_signal_new", "Label", "Weight"],
    keysFor: (config) => binaryMetricKeys(parseBinaryConfig(config)),
  },
  // Configured by the bundle (column names, bins): RMSE, MAE, bias and resolution of the relative residual.
  regression: {
    scores: z.object({ rmse: metric, nEvents: z.int() }).catchall(z.unknown()),
    accept: CSV,
    parseConfig: parseRegressionConfig,
    detailKeys: ["bins"],
    answerColumns: ["target", "energy", "truth"],
    keysFor: (config) => regressionMetricKeys(parseRegressionConfig(config)),
  },
  // Configured by the bundle (class names, columns): one-vs-rest AUC per class, macro AUC, accuracy, log-loss.
  "multi-class": {
    scores: z.object({ aucMacro: metric, nEvents: z.int() }).catchall(z.unknown()),
    accept: CSV,
    parseConfig: parseMultiClassConfig,
    detailKeys: [],
    answerColumns: ["label", "class"],
    keysFor: (config) => multiClassMetricKeys(parseMultiClassConfig(config)),
  },
  // Several tasks, each a scorer above against its own truth file; `<task>.<metric>` keys, mean and average rank.
  "multi-task": {
    scores: z.object({}).catchall(z.unknown()),
    accept: `${CSV},.zip,.tar,.tgz`,
    parseConfig: parseMultiTaskConfig,
    detailKeys: [],
    answerColumns: ["label", "is_signal", "is_signal_new", "Label", "Weight", "target", "class"],
    keysFor: (config) => multiTaskMetricKeys(parseMultiTaskConfig(config), keysOf),
    tasksFor: (config) => parseMultiTaskConfig(config).tasks.map((t) => t.key),
    directions: { [AVERAGE_RANK]: "lower" },
  },
  // An organizer's script (challenges/program-config.ts): it writes the metrics the bundle declares, checked as it ends.
  [PROGRAM]: {
    scores: z.record(z.string(), metric),
    accept: "",
    parseConfig: parseProgramConfig,
    detailKeys: [],
    answerColumns: [],
    declaresKeys: true,
  },
  "fpga-jet-tagging": {
    scores: fpgaScoresSchema,
    accept: ".onnx,.tar,.tgz,.gz,.zip",
    parseConfig: parseFpgaConfig,
    detailKeys: ["fpga"],
    answerColumns: [],
    configView: "fpga-budget",
  },
};

/** What a bundle's scoring section is checked against: each scorer's keys and its settings' parser. */
export function scorerFacts(): Record<
  string,
  {
    keys: string[];
    parseConfig: ScorerEntry["parseConfig"];
    keysFor?: ScorerEntry["keysFor"];
    tasksFor?: ScorerEntry["tasksFor"];
    directions?: ScorerEntry["directions"];
    declaresKeys?: boolean;
  }
> {
  return Object.fromEntries(
    Object.entries(SCORERS).map(([name, entry]) => {
      const shape = (entry.scores as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      return [
        name,
        {
          keys: Object.keys(shape),
          parseConfig: entry.parseConfig,
          keysFor: entry.keysFor,
          tasksFor: entry.tasksFor,
          directions: entry.directions,
          declaresKeys: entry.declaresKeys,
        },
      ];
    }),
  );
}

/** The keys a scorer produces under its settings. */
export function keysOf(name: string, config: unknown): string[] {
  const entry = scorerEntry(name);
  if (entry.keysFor) return entry.keysFor(config);
  return Object.keys((entry.scores as unknown as { shape?: Record<string, unknown> }).shape ?? {});
}

/** The entry of a scorer; an unknown name is a configuration error of the challenge. */
export function scorerEntry(name: string): ScorerEntry {
  const entry = SCORERS[name];
  if (!entry) throw new Error(`no scorer "${name}" (the scorers are ${Object.keys(SCORERS).join(", ")})`);
  return entry;
}

/** Scores as the scorer printed them, checked against its schema; the problems in words when they do not match. */
export function parseScores(
  scorer: string,
  scores: unknown,
): { ok: true; scores: Record<string, unknown> } | { ok: false; problem: string } {
  const parsed = scorerEntry(scorer).scores.safeParse(scores);
  return parsed.success
    ? { ok: true, scores: parsed.data }
    : {
        ok: false,
        problem: parsed.error.issues.map((i) => `${i.path.join(".") || "scores"}: ${i.message}`).join("; "),
      };
}
