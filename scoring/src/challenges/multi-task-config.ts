// The settings of a multi-task phase (multi-task.ts), as a bundle's
// scoring.config gives them: the tasks, each scored by a built-in scorer
// with its own settings against its own truth file, and an optional
// aggregate over one metric that every task produces. Kept apart from the
// scorers' file readers: the platform's registry imports it.
import { z } from "zod";
import { parseBinaryConfig } from "./binary-config.ts";
import { parseMultiClassConfig } from "./multi-class-config.ts";
import { parseRegressionConfig } from "./regression-config.ts";
import { parseSettings } from "./parse-settings.ts";

/** The scorers a task may use: those that read a submission of scores by id (one file, or an archive's member). */
export const TASK_SCORERS = ["binary-classification", "multi-class", "regression", "top-tagging", "lhco"] as const;
const CONFIG_PARSERS: Record<(typeof TASK_SCORERS)[number], ((raw: unknown) => unknown) | null> = {
  "binary-classification": parseBinaryConfig,
  "multi-class": parseMultiClassConfig,
  regression: parseRegressionConfig,
  "top-tagging": null,
  lhco: null,
};

/** The board's key of the average rank across tasks (computed when the board is refreshed, lower is better). */
export const AVERAGE_RANK = "averageRank";
/** The key prefix of the mean across tasks (`mean.auc`). */
export const MEAN = "mean";

export const multiTaskConfigSchema = z.strictObject({
  tasks: z
    .array(
      z.strictObject({
        key: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,39}$/, "a task key: a lower-case letter, then lower-case letters, digits or '_'")
          .refine((k) => k !== MEAN, `"${MEAN}" names the aggregate`),
        title: z.string().trim().min(1).max(80),
        scorer: z.enum(TASK_SCORERS),
        config: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(2)
    .max(50),
  /** Aggregate one metric over the tasks: `mean.<metric>` and `averageRank`. */
  aggregate: z
    .strictObject({
      metric: z.string().min(1).max(80),
      direction: z.enum(["higher", "lower"]).default("higher").describe("Which value of the metric is better."),
      tasks: z
        .array(z.string())
        .min(1)
        .optional()
        .describe("The tasks aggregated (default: all; a control task for a gate stays out)."),
    })
    .optional(),
});
export type MultiTaskConfig = z.infer<typeof multiTaskConfigSchema>;
export type Task = MultiTaskConfig["tasks"][number];

export function parseMultiTaskConfig(raw: unknown): MultiTaskConfig {
  const c = parseSettings(multiTaskConfigSchema, raw);
  c.aggregate?.tasks?.forEach((key, i) => {
    if (!c.tasks.some((t) => t.key === key)) throw new Error(`aggregate.tasks.${i}: no task "${key}"`);
  });
  c.tasks.forEach((t, i) => {
    if (c.tasks.findIndex((u) => u.key === t.key) !== i) throw new Error(`tasks.${i}.key: "${t.key}" appears twice`);
    const parse = CONFIG_PARSERS[t.scorer];
    if (!parse && t.config) throw new Error(`tasks.${i}.config: the ${t.scorer} scorer takes no settings`);
    try {
      parse?.(t.config);
    } catch (error) {
      throw new Error(`tasks.${i}.config.${(error as Error).message}`);
    }
  });
  return c;
}

/** The tasks the aggregate runs over. */
export const aggregated = (c: MultiTaskConfig): Task[] =>
  c.aggregate?.tasks ? c.tasks.filter((t) => c.aggregate!.tasks!.includes(t.key)) : c.tasks;

/**
 * The keys a multi-task phase's scores have: `<task>.<metric>` for each
 * task's keys (given by `keysOf`, the registry's), then `mean.<metric>` and
 * averageRank when aggregated. Throws when the aggregated metric is not a
 * key of every task.
 */
export function multiTaskMetricKeys(
  c: MultiTaskConfig,
  keysOf: (scorer: string, config: unknown) => string[],
): string[] {
  const perTask = c.tasks.map((t) => keysOf(t.scorer, t.config));
  if (c.aggregate) {
    const missing = c.tasks.findIndex((_, i) => !perTask[i].includes(c.aggregate!.metric));
    if (missing >= 0)
      throw new Error(
        `aggregate.metric: the task ${c.tasks[missing].key} has no metric "${c.aggregate.metric}" (it has ${perTask[missing].join(", ")})`,
      );
  }
  return [
    ...c.tasks.flatMap((t, i) => perTask[i].map((k) => `${t.key}.${k}`)),
    ...(c.aggregate ? [`${MEAN}.${c.aggregate.metric}`, AVERAGE_RANK] : []),
  ];
}
