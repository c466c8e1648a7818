// The ingestion harness for ONNX models (a code phase of the table
// interface): runs a participant's model.onnx with onnxruntime (CPU, one
// thread) on the rows of the phase's inputs (an HDF5 pandas table) and
// writes `id,score` on stdout, as the unblind_ingest.py harness does for
// Python programs, with the same exit codes (10: the model cannot be loaded;
// 11: it fails to run; 12: its output is not one score per row).
//
// The model's input is float32 [N, F]: the table's feature columns in the
// table's order (those matching --features, default every column but the
// id and --drop ones). Its output is [N] or [N, 1] (a score), or [N, 2]
// (two classes, logits or probabilities: the score is softmax(...)[1]).
//   node ingest-onnx.mjs --submission model.onnx --inputs table.h5 [--key table]
//                        [--id-column id] [--drop a,b] [--features REGEX]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import ort from "onnxruntime-node";
import { describePandasFrame, forEachPandasChunk } from "../parse/pandas-hdf5.ts";

const NO_PROGRAM = 10;
const EXCEPTION = 11;
const BAD_OUTPUT = 12;
const BAD_INPUTS = 13;

class Refused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Scores of one batch from the model's output (n rows of `width`). */
export function scoresOf(data: Float32Array, n: number): Float64Array {
  const width = data.length / n;
  const out = new Float64Array(n);
  if (width === 1) for (let i = 0; i < n; i++) out[i] = data[i];
  else if (width === 2)
    for (let i = 0; i < n; i++) {
      // softmax(l0, l1)[1] = 1 / (1 + exp(l0 - l1)): a probability whether the model gives logits or probabilities.
      out[i] = 1 / (1 + Math.exp(data[2 * i] - data[2 * i + 1]));
    }
  else
    throw new Refused(BAD_OUTPUT, `the model's output has ${width} values per row; one score or two classes expected`);
  for (const s of out)
    if (!Number.isFinite(s)) throw new Refused(BAD_OUTPUT, "the model returned a score that is not a finite number");
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      submission: { type: "string" },
      inputs: { type: "string" },
      key: { type: "string", default: "table" },
      "id-column": { type: "string", default: "id" },
      drop: { type: "string", default: "" },
      features: { type: "string" },
    },
  });
  const idColumn = values["id-column"] ?? "id";
  const drop = new Set([idColumn, ...(values.drop ?? "").split(",").filter(Boolean)]);
  const pattern = values.features ? new RegExp(values.features) : null;
  const label = "inputs";
  const layout = await describePandasFrame(values.inputs!, values.key!, label).catch((error: Error) => {
    throw new Refused(BAD_INPUTS, `the inputs table cannot be read: ${error.message}`);
  });
  const features = layout.columns.map((c) => c.name).filter((n) => !drop.has(n) && (!pattern || pattern.test(n)));
  const hasIds = layout.columns.some((c) => c.name === idColumn);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(readFileSync(values.submission!), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionProviders: ["cpu"],
    });
  } catch (error) {
    throw new Refused(
      NO_PROGRAM,
      `onnxruntime cannot load the model: ${String((error as Error).message).split("\n")[0]}`,
    );
  }
  const out = process.stdout;
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", r));
  await write("id,score\n");
  const wanted = hasIds ? [...features, idColumn] : features;
  await forEachPandasChunk(values.inputs!, values.key!, wanted, label, async (columns, first, n) => {
    const x = new Float32Array(n * features.length);
    features.forEach((name, j) => {
      const col = columns.get(name)!;
      for (let i = 0; i < n; i++) x[i * features.length + j] = col[i];
    });
    const input = new ort.Tensor("float32", x, [n, features.length]);
    let result: Awaited<ReturnType<typeof session.run>>;
    try {
      result = await session.run({ [session.inputNames[0]]: input });
    } catch (error) {
      throw new Refused(
        EXCEPTION,
        `onnxruntime failed to run the model: ${String((error as Error).message).split("\n")[0]}`,
      );
    }
    const y = result[session.outputNames[0]];
    if (y.type !== "float32") throw new Refused(BAD_OUTPUT, `the model's output is ${y.type}, not float32`);
    const scores = scoresOf(y.data as Float32Array, n);
    const ids = hasIds ? columns.get(idColumn)! : null;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${ids ? ids[i] : first + i},${scores[i]}`);
    await write(`${lines.join("\n")}\n`);
  });
  await session.release();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`unblind: ${(error as Error).message}\n`);
    process.exitCode = error instanceof Refused ? error.code : EXCEPTION;
  },
);
