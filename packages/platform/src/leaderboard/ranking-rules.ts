// What ranks a challenge's boards: the primary and secondary metrics and
// their directions, the gates a submission must pass, and for a multi-task
// phase aggregated by average rank, the task metrics it averages over
// (computed when the board is refreshed: an entry's average rank depends on
// every other entry).
import type { Gate } from "@unblind/challenges/shared/definition.ts";
import { AVERAGE_RANK, aggregated, MEAN, parseMultiTaskConfig } from "@unblind/scoring/challenges/multi-task-config.ts";
import { readMetricColumns } from "../scorers/stored-results.ts";
import { readGates } from "./gates.ts";

export interface RankingRules {
  primary: string;
  /** The tie-breaking metric's key, or "" when none. */
  secondary: string;
  primaryDesc: boolean;
  secondaryDesc: boolean;
  gates: Gate[];
  /**
   * The primary is the average rank over these task metrics (`<task>.<metric>`), each better when higher or
   * lower; `mean` is the key of their mean, a submission's own number (its history is plotted by it).
   */
  averageRank?: { keys: string[]; higherIsBetter: boolean; mean: string };
}

/** The challenge's columns that say how its boards rank. */
export interface RankingColumns {
  primaryMetric: string;
  higherIsBetter: boolean;
  secondaryMetric: string | null;
  metrics: unknown;
  gates: unknown;
  scorer: string;
  scoringConfig: unknown;
}

/**
 * `phase`: a phase ranked by its own metric (a code phase's throughput) instead of the
 * challenge's primary one; its direction is the metric's.
 */
export function rankingRulesOf(
  challenge: RankingColumns,
  phase?: { primaryMetric: string | null } | null,
): RankingRules {
  const columns = readMetricColumns(challenge.metrics);
  const own = phase?.primaryMetric ? columns.find((m) => m.key === phase.primaryMetric) : undefined;
  const secondary = columns.find((m) => m.key === challenge.secondaryMetric && m.key !== own?.key);
  const rules: RankingRules = {
    primary: own?.key ?? challenge.primaryMetric,
    secondary: secondary?.key ?? "",
    primaryDesc: own ? own.higherIsBetter : challenge.higherIsBetter,
    secondaryDesc: secondary?.higherIsBetter ?? true,
    gates: readGates(challenge.gates),
  };
  if (!own && challenge.scorer === "multi-task" && challenge.primaryMetric === AVERAGE_RANK) {
    const config = parseMultiTaskConfig(challenge.scoringConfig);
    const { aggregate } = config;
    if (aggregate) {
      rules.averageRank = {
        keys: aggregated(config).map((t) => `${t.key}.${aggregate.metric}`),
        higherIsBetter: aggregate.direction === "higher",
        mean: `${MEAN}.${aggregate.metric}`,
      };
      rules.primaryDesc = false; // rank 1 is the best
    }
  }
  return rules;
}
