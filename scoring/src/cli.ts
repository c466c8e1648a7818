// The command-line scorer, the same code the scoring service runs:
//   npm run -s score -- --challenge <slug> --truth <path> --submission <path> [--bootstrap <B>] [--seed <s>]
//                       [--config <json>]   (fpga-jet-tagging: device, clock, constraints, figure of merit)
// Prints one JSON object on stdout. Exit 0 scored, 2 invalid submission
// ({"error":{message,line,column}} on stdout, a human line on stderr),
// 1 internal error (never the participant's fault; details on stderr only).
import path from "node:path";
import { parseArgs } from "node:util";
import type { ScoreOptions } from "./challenges/top-tagging.ts";
import { runScorer, SCORER_NAMES } from "./run-scorer.ts";
import { scorers } from "./score-files.ts";
import { InputError, shorten } from "./parse/input-error.ts";
import { checkTruthFile } from "./check-truth.ts";
import { SCORER_VERSION } from "./version.ts";

/**
 * V8's own limits, reached only by an input far beyond any real submission
 * (a graph so deep the stack overflows, a field longer than a string may
 * be): the submission's fault, INVALID with a short message, not an internal
 * error to be retried.
 */
function beyondLimits(error: unknown, submission: string): InputError | null {
  const message = error instanceof RangeError ? error.message : "";
  if (
    !/Maximum call stack size exceeded|Invalid (string|array|typed array) length|Array buffer allocation failed/.test(
      message,
    )
  )
    return null;
  return new InputError(`the file is beyond what the scorer can process (${message})`, path.basename(submission));
}

const USAGE = `usage: score --challenge <${SCORER_NAMES.join("|")}> --truth <path> --submission <path>
             [--bootstrap <B>] [--seed <s>]                       percentile intervals (ci)
             [--replicates <B>] [--seed <s>]                      paired-bootstrap replicates
             [--split-key <key> --public-fraction <f>]            public scores, and private ones under "private"
             [--wait-for-start]                                   load, then run once the line "start" (or "start" and a JSON
                                                                  list of more arguments) arrives on stdin
             [--config <json>]                                    the challenge's scoring config (binary-classification, multi-class,
                                                                  regression, fpga-jet-tagging, multi-task: --truth is then a folder
                                                                  of one truth file per task, named by its key)
       score --challenge <slug> --truth <path> --check-truth   reads only the truth, as scoring would: {"truth": …}`;

function parseCount(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

/** --check-truth: exit 0 with {"truth": summary}, 2 with {"error": located} for a file the scorer cannot read. */
async function checkTruthOnly(challenge: string | undefined, truth: string | undefined): Promise<number> {
  if (!challenge || !scorers[challenge] || !truth) {
    process.stderr.write(
      `${challenge && !scorers[challenge] ? `unknown challenge "${challenge}"` : "missing arguments"}\n${USAGE}\n`,
    );
    return 1;
  }
  try {
    process.stdout.write(`${JSON.stringify({ truth: await checkTruthFile(challenge, path.resolve(truth)) })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
    process.stderr.write(`unreadable truth: ${error.located()}\n`);
    return 2;
  }
}

/**
 * --wait-for-start: the line that starts the run, "start" or "start" and a
 * JSON array of more arguments (a sandbox started before its job was known);
 * null if standard input closes first.
 */
function startLine(): Promise<string[] | null> {
  return new Promise((resolve, reject) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk: string) => {
      text += chunk;
      if (!text.includes("\n")) return;
      process.stdin.destroy();
      const line = text.split("\n")[0];
      if (line === "start") return resolve([]);
      if (!line.startsWith("start ")) return resolve(null);
      try {
        const more = JSON.parse(line.slice("start ".length)) as unknown;
        if (!Array.isArray(more) || !more.every((a) => typeof a === "string")) throw new Error("not a list of strings");
        resolve(more);
      } catch (error) {
        reject(new Error(`the start line's arguments are not a JSON list of strings: ${(error as Error).message}`));
      }
    });
    process.stdin.on("end", () => resolve(null));
    process.stdin.on("error", () => resolve(null));
  });
}

async function main(): Promise<number> {
  let args = process.argv.slice(2);
  // Started ahead of its inputs (a code run's predictions, a job not yet claimed): loaded, it waits for the go.
  if (args.includes("--wait-for-start")) {
    let more: string[] | null;
    try {
      more = await startLine();
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    if (!more) {
      process.stderr.write("not started: standard input closed before the start line\n");
      return 1;
    }
    args = [...args.filter((a) => a !== "--wait-for-start"), ...more];
  }
  let run: {
    scorer: string;
    truth: string;
    submission: string;
    config: unknown;
    options: ScoreOptions;
    split?: { key: string; fraction: number };
  };
  try {
    const { values } = parseArgs({
      args,
      options: {
        challenge: { type: "string" },
        truth: { type: "string" },
        submission: { type: "string" },
        bootstrap: { type: "string" },
        seed: { type: "string" },
        replicates: { type: "string" },
        "split-key": { type: "string" },
        "public-fraction": { type: "string" },
        config: { type: "string" },
        "check-truth": { type: "boolean" },
      },
    });
    if (values["check-truth"]) return await checkTruthOnly(values.challenge, values.truth);
    const scorer = values.challenge && SCORER_NAMES.includes(values.challenge) ? values.challenge : undefined;
    if (!scorer || !values.truth || !values.submission)
      throw new Error(values.challenge && !scorer ? `unknown challenge "${values.challenge}"` : "missing arguments");
    const resamples = parseCount(values.bootstrap, "bootstrap", 1, 100_000);
    const replicates = parseCount(values.replicates, "replicates", 1, 100_000);
    const seed = parseCount(values.seed, "seed", 0, 2 ** 32 - 1) ?? 0;
    const fraction = values["public-fraction"] === undefined ? undefined : Number(values["public-fraction"]);
    if ((fraction === undefined) !== (values["split-key"] === undefined))
      throw new Error("--split-key and --public-fraction go together");
    if (fraction !== undefined && !(fraction > 0 && fraction < 1))
      throw new Error(`--public-fraction must be between 0 and 1, not "${values["public-fraction"]}"`);
    let config: unknown;
    try {
      config = values.config === undefined ? undefined : JSON.parse(values.config);
    } catch (error) {
      throw new Error(`--config is not valid JSON: ${(error as Error).message}`);
    }
    run = {
      scorer,
      config,
      truth: path.resolve(values.truth),
      submission: path.resolve(values.submission),
      options: {
        boot: resamples ? { resamples, seed } : undefined,
        replicates: replicates ? { resamples: replicates, seed } : undefined,
      },
      split: fraction === undefined ? undefined : { key: values["split-key"]!, fraction },
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  try {
    const result = await runScorer(run.scorer, run.truth, run.submission, run.config, run.options, run.split);
    process.stdout.write(`${JSON.stringify({ ...result, scorerVersion: SCORER_VERSION })}\n`);
    return 0;
  } catch (error) {
    const invalid = error instanceof InputError ? error : beyondLimits(error, run.submission);
    if (invalid) {
      process.stdout.write(`${JSON.stringify({ error: invalid.toJSON() })}\n`);
      process.stderr.write(`invalid submission: ${invalid.located()}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${shorten(String((error as Error).stack ?? error))}\n`);
    return 1;
  }
}

process.exitCode = await main();
