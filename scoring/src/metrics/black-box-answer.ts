/**
 * Scores an LHC Olympics black-box answer against the sealed answer key
 * (Kasieczka et al., "The LHC Olympics 2020", Rep. Prog. Phys. 84 (2021)
 * 124201, §3: participants reported the resonance mass, the daughter masses
 * and the number of signal events, each with an uncertainty, and a p-value).
 *
 * For each quantity the participant gives: pull = (answer − truth)/σ_answer,
 * and whether the truth lies within 1σ and within 2σ (|pull| ≤ 1, ≤ 2).
 * Quantities the key does not hold are reported as unscored; the reported
 * p-value is passed through to be shown, not scored.
 *
 * Cost: O(quantities).
 */
export interface AnswerValue {
  value: number;
  /** The participant's 1σ uncertainty, > 0. */
  sigma: number;
}

export interface QuantityVerdict {
  answer: number;
  sigma: number;
  truth: number | null;
  pull: number | null;
  within1Sigma: boolean | null;
  within2Sigma: boolean | null;
}

export interface BlackBoxVerdict {
  quantities: Record<string, QuantityVerdict>;
  pValue: number | null;
}

export function scoreBlackBoxAnswer(
  answer: { quantities: Record<string, AnswerValue>; pValue?: number | null },
  key: Record<string, number>,
): BlackBoxVerdict {
  const quantities: Record<string, QuantityVerdict> = {};
  for (const [name, { value, sigma }] of Object.entries(answer.quantities)) {
    if (!Number.isFinite(value)) throw new RangeError(`${name}: the answer must be a finite number`);
    if (!(sigma > 0) || !Number.isFinite(sigma))
      throw new RangeError(`${name}: the uncertainty must be a positive finite number`);
    const truth = Object.hasOwn(key, name) ? key[name] : null;
    const pull = truth === null ? null : (value - truth) / sigma;
    quantities[name] = {
      answer: value,
      sigma,
      truth,
      pull,
      within1Sigma: pull === null ? null : Math.abs(pull) <= 1,
      within2Sigma: pull === null ? null : Math.abs(pull) <= 2,
    };
  }
  const pValue = answer.pValue ?? null;
  if (pValue !== null && !(pValue >= 0 && pValue <= 1)) throw new RangeError("the p-value must lie in [0, 1]");
  return { quantities, pValue };
}
