// The blind-hosting derivation as a command, run by the scoring service in
// its sandbox on the organizer's labelled file (the platform never parses an
// uploaded file outside the sandbox):
//   derive --input <labelled.h5> --key <key> --answer-columns <a,b,…> [--must-remove <a,b,…>]
//          --participant <out.h5> --answer-key <out.h5>
// Prints one JSON object: the result, or {"error": {message}} with exit 2
// when the organizer's file or request is at fault; exit 1 on internal errors.
import path from "node:path";
import { parseArgs } from "node:util";
import { InputError, shorten } from "../parse/input-error.ts";
import { deriveBlindFrame } from "./derive-blind-frame.ts";

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        input: { type: "string" },
        key: { type: "string" },
        "answer-columns": { type: "string" },
        "must-remove": { type: "string" },
        participant: { type: "string" },
        "answer-key": { type: "string" },
      },
    }));
    if (!values.input || !values.key || !values["answer-columns"] || !values.participant || !values["answer-key"])
      throw new Error(
        "usage: derive --input <file> --key <key> --answer-columns <a,b> [--must-remove <a,b>] --participant <out> --answer-key <out>",
      );
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  try {
    const result = await deriveBlindFrame({
      input: path.resolve(values.input),
      key: values.key,
      answerColumns: list(values["answer-columns"]),
      mustRemove: list(values["must-remove"]),
      participantOut: path.resolve(values.participant),
      answerKeyOut: path.resolve(values["answer-key"]),
      label: "the labelled file",
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${shorten(String((error as Error).stack ?? error))}\n`);
    return 1;
  }
}

process.exitCode = await main();
