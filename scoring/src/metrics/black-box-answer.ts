/**
 * Scores an LHC Olympics black-box answer against the sealed answer key
 * (Kasieczka et al., "The LHC Olympics 2020", Rep. Prog. Phys. 84 (2021)
 * 124201, §3: participants reported the resonance mass, the daughter masses
 * and the number of signal events, each with an uncertainty, and a p-value).
 *
 * - Pulls: for each quantity the participant gives, pull = (answer −
 *   truth)/σ_answer, and whether the truth lies within 1σ and 2σ. Quantities
 *   the key does not hold (a background-only box has no masses) are unscored.
 * - Interchangeable pairs (the LHCO daughters) are matched to the truth in
 *   either order: the participant's two values are compared with the key's
 *   as given and swapped, and the assignment with the smaller sum of squared
 *   pulls is kept (`daughters: "as given" | "swapped"`, for the first pair);
 *   one value alone is matched to the nearer true one. A physicist who names
 *   the lighter daughter first is judged on physics, not on the order.
 * - The claim: the answer claims a signal when it reports signal events
 *   (nSignal > 0) at a p-value ≤ the threshold (by default 1.35 × 10⁻³, a
 *   one-sided 3σ excess); an answer with nSignal = 0, or a larger p-value,
 *   claims none. Against the truth (signal injected or not): a true
 *   discovery, a false discovery (signal claimed in a box without one), a
 *   missed signal (none claimed where one was injected), or a correct null.
 *   The threshold is stated in the verdict.
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

export type ClaimOutcome = "true discovery" | "false discovery" | "missed signal" | "correct null";

export interface ClaimVerdict {
  /** The answer claims a signal: nSignal > 0 at p ≤ threshold. */
  signalClaimed: boolean;
  /** A signal was injected in the box (the key's nSignal > 0). */
  signalPresent: boolean;
  outcome: ClaimOutcome;
  /** The p-value at or below which a reported signal counts as claimed. */
  pValueThreshold: number;
}

export interface BlackBoxVerdict {
  quantities: Record<string, QuantityVerdict>;
  pValue: number | null;
  /** How the daughters were matched to the truth. */
  daughters?: "as given" | "swapped";
  claim?: ClaimVerdict;
}

/** One-sided 3σ: the p-value at or below which a reported signal is a claim. */
export const DEFAULT_CLAIM_THRESHOLD = 1.35e-3;

function pullOf(name: string, { value, sigma }: AnswerValue, truth: number | null): QuantityVerdict {
  if (!Number.isFinite(value)) throw new RangeError(`${name}: the answer must be a finite number`);
  if (!(sigma > 0) || !Number.isFinite(sigma))
    throw new RangeError(`${name}: the uncertainty must be a positive finite number`);
  const pull = truth === null ? null : (value - truth) / sigma;
  return {
    answer: value,
    sigma,
    truth,
    pull,
    within1Sigma: pull === null ? null : Math.abs(pull) <= 1,
    within2Sigma: pull === null ? null : Math.abs(pull) <= 2,
  };
}

export interface BlackBoxRules {
  pValueThreshold?: number;
  /** Pairs of quantities matched in either order (default: the LHCO daughter masses). */
  interchangeable?: readonly (readonly [string, string])[];
  /** The quantity counting signal events (default nSignal). */
  signal?: string;
}

export function scoreBlackBoxAnswer(
  answer: { quantities: Record<string, AnswerValue>; pValue?: number | null },
  key: Record<string, number>,
  {
    pValueThreshold = DEFAULT_CLAIM_THRESHOLD,
    interchangeable = [["daughterMass1", "daughterMass2"]],
    signal = "nSignal",
  }: BlackBoxRules = {},
): BlackBoxVerdict {
  const truthOf = (name: string) => (Object.hasOwn(key, name) ? key[name] : null);
  const quantities: Record<string, QuantityVerdict> = {};
  const paired = new Set(interchangeable.flat());
  for (const [name, given] of Object.entries(answer.quantities))
    if (!paired.has(name)) quantities[name] = pullOf(name, given, truthOf(name));
  // Each pair, in whichever order fits the truth better.
  let daughters: BlackBoxVerdict["daughters"];
  for (const [D1, D2] of interchangeable) {
    const d1 = answer.quantities[D1];
    const d2 = answer.quantities[D2];
    if (!d1 && !d2) continue;
    const given = [d1, d2].filter(Boolean) as AnswerValue[];
    const truths = [truthOf(D1), truthOf(D2)];
    const cost = (order: (number | null)[]) =>
      given.reduce((sum, g, i) => {
        const t = order[i];
        return t === null ? sum : sum + ((g.value - t) / g.sigma) ** 2;
      }, 0);
    const swap = truths.some((t) => t !== null) && cost([truths[1], truths[0]]) < cost(truths);
    const order = swap ? [truths[1], truths[0]] : truths;
    daughters ??= swap ? "swapped" : "as given";
    given.forEach((g, i) => {
      const name = given.length === 2 ? [D1, D2][i] : d1 ? D1 : D2;
      quantities[name] = pullOf(name, g, order[i]);
    });
  }
  const pValue = answer.pValue ?? null;
  if (pValue !== null && !(pValue >= 0 && pValue <= 1)) throw new RangeError("the p-value must lie in [0, 1]");
  const nSignal = answer.quantities[signal]?.value;
  const trueSignal = truthOf(signal);
  const claim: ClaimVerdict | undefined =
    pValue === null || nSignal === undefined || trueSignal === null
      ? undefined
      : (() => {
          const signalClaimed = nSignal > 0 && pValue <= pValueThreshold;
          const signalPresent = trueSignal > 0;
          return {
            signalClaimed,
            signalPresent,
            outcome: signalClaimed
              ? signalPresent
                ? "true discovery"
                : "false discovery"
              : signalPresent
                ? "missed signal"
                : "correct null",
            pValueThreshold,
          };
        })();
  return { quantities, pValue, ...(daughters ? { daughters } : {}), ...(claim ? { claim } : {}) };
}
