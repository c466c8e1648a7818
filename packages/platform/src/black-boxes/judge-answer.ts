// Judges an answer against an opened box's key: the pull of every quantity
// given (scoreBlackBoxAnswer, the LHC Olympics unblinding criterion).
import { scoreBlackBoxAnswer, type BlackBoxVerdict } from "@unblind/scoring/metrics/black-box-answer.ts";
import { ANSWER_QUANTITIES, type BlackBoxAnswer } from "./canonical-answer.ts";

/** The numeric true values of a key (null or missing quantities are left out, and stay unscored). */
export function keyValues(key: unknown): Record<string, number> {
  const values: Record<string, number> = {};
  if (typeof key !== "object" || key === null) throw new Error("the box's answer key is not an object");
  for (const q of ANSWER_QUANTITIES) {
    const v = (key as Record<string, unknown>)[q];
    if (typeof v === "number" && Number.isFinite(v)) values[q] = v;
  }
  return values;
}

export function judgeAnswer(answer: BlackBoxAnswer, key: unknown): BlackBoxVerdict {
  const quantities = Object.fromEntries(ANSWER_QUANTITIES.flatMap((q) => (answer[q] ? [[q, answer[q]]] : [])));
  return scoreBlackBoxAnswer({ quantities, pValue: answer.pValue }, keyValues(key));
}
