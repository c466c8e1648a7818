// A black-box answer: checked field by field, then written in one canonical
// form whose SHA-256 is the participant's receipt. The canonical bytes are
// stored as they are (submissions/<slug>/<id>/answer.json), so after the
// opening anyone can download them and check `sha256sum answer.json` against
// the receipt.
import { createHash } from "node:crypto";
import type { BlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { AppError } from "../errors/app-error.ts";

export interface Measured {
  value: number;
  sigma: number;
}

/** An answer: the p-value, a description, and each quantity the box's configuration names (black-box-config.ts). */
export interface BlackBoxAnswer {
  pValue: number;
  description: string;
  [quantity: string]: Measured | number | string | undefined;
}

/** The quantities an answer gives, by key. */
export function answerQuantities(answer: BlackBoxAnswer, config: BlackBoxConfig): Record<string, Measured> {
  return Object.fromEntries(
    config.quantities.flatMap((q) => (typeof answer[q.key] === "object" ? [[q.key, answer[q.key] as Measured]] : [])),
  );
}

/** What the receipt commits to: the answer, where it was given, and the scores file's checksum. */
export interface CanonicalAnswer extends BlackBoxAnswer {
  challenge: string;
  box: string;
  submission: string;
  scoresFileSha256?: string;
}

const MAX_DESCRIPTION = 4000;

function bad(message: string): never {
  throw new AppError("BAD_REQUEST", `Answer: ${message}`);
}

function finite(value: unknown, field: string): number {
  if (typeof value === "string" && value.trim() !== "") value = Number(value);
  if (typeof value !== "number" || !Number.isFinite(value)) bad(`${field} must be a finite number`);
  return value as number;
}

function measured(raw: unknown, field: string, physical: { nonNegative: boolean }): Measured {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    bad(`${field} must be an object {"value": …, "sigma": …}`);
  const { value, sigma, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length) bad(`${field} has an unknown field "${extra[0]}" (expected value and sigma)`);
  const v = finite(value, `${field}.value`);
  const s = finite(sigma, `${field}.sigma`);
  if (!(s > 0)) bad(`${field}.sigma must be greater than 0`);
  if (physical.nonNegative && v < 0) bad(`${field}.value must not be negative`);
  return { value: v, sigma: s };
}

/** Checks an answer as the form, the API and the CLI send it, against the box's quantities; every error names its field. */
export function parseAnswer(raw: unknown, config: BlackBoxConfig): BlackBoxAnswer {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) bad("send a JSON object");
  const input = raw as Record<string, unknown>;
  const keys = config.quantities.map((q) => q.key);
  const known = new Set(["pValue", "description", ...keys]);
  const unknown = Object.keys(input).find((k) => !known.has(k));
  if (unknown) bad(`unknown field "${unknown}" (expected pValue, ${keys.join(", ")}, description)`);
  const pValue = finite(input.pValue, "pValue");
  if (pValue < 0 || pValue > 1) bad("pValue must lie in [0, 1]");
  const answer: BlackBoxAnswer = { pValue, description: "" };
  for (const q of config.quantities)
    if (input[q.key] !== undefined && input[q.key] !== null)
      answer[q.key] = measured(input[q.key], q.key, { nonNegative: q.nonNegative });
  const signal = answer[config.signal] as Measured | undefined;
  for (const q of config.quantities) {
    if (answer[q.key] !== undefined) continue;
    if (q.required === "always") bad(`${q.key} is required`);
    if (q.required === "with-signal" && signal && signal.value > 0)
      bad(`${q.key} is required when ${config.signal}.value is above 0`);
  }
  for (const [first, second] of config.interchangeable)
    if (answer[second] !== undefined && answer[first] === undefined) bad(`give ${first} before ${second}`);
  const description = input.description ?? "";
  if (typeof description !== "string") bad("description must be text");
  if (description.length > MAX_DESCRIPTION) bad(`description is longer than ${MAX_DESCRIPTION} characters`);
  answer.description = description.normalize("NFC");
  return answer;
}

/** JSON with keys sorted at every level and no whitespace; numbers as JavaScript prints them. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The canonical bytes of an answer and their SHA-256 (the receipt). */
export function sealAnswer(answer: CanonicalAnswer): { bytes: Buffer; sha256: string } {
  const bytes = Buffer.from(`${canonicalJson(answer)}\n`, "utf8");
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
