// Judges an answer against an opened box's key: the pull of every quantity
// given (scoreBlackBoxAnswer, the LHC Olympics unblinding criterion), under
// the box's configuration (its quantities, pairs and claim threshold).
import type { BlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { scoreBlackBoxAnswer, type BlackBoxVerdict } from "@unblind/scoring/metrics/black-box-answer.ts";
import { answerQuantities, type BlackBoxAnswer } from "./canonical-answer.ts";

/** The numeric true values of a key (null or missing quantities are left out, and stay unscored). */
export function keyValues(key: unknown, config: BlackBoxConfig): Record<string, number> {
  const values: Record<string, number> = {};
  if (typeof key !== "object" || key === null) throw new Error("the box's answer key is not an object");
  for (const { key: q } of config.quantities) {
    const v = (key as Record<string, unknown>)[q];
    if (typeof v === "number" && Number.isFinite(v)) values[q] = v;
  }
  return values;
}

export function judgeAnswer(answer: BlackBoxAnswer, key: unknown, config: BlackBoxConfig): BlackBoxVerdict {
  return scoreBlackBoxAnswer(
    { quantities: answerQuantities(answer, config), pValue: answer.pValue },
    keyValues(key, config),
    { pValueThreshold: config.claimThreshold, interchangeable: config.interchangeable, signal: config.signal },
  );
}
