// Runs a model on the hidden test inputs with onnxruntime (CPU, one thread):
// the predictions are the platform's, never the participant's.
import ort from "onnxruntime-node";
import { HiddenDataError, InputError } from "../parse/input-error.ts";
import { MODEL_FILE } from "./network.ts";

/** Rows per run: the fixed-point emulation holds every product of a batch (rows × n_in × n_out doubles). */
const BATCH_ROWS = 2048;

/** The outputs, rows × nOut, for `features` (rows × nIn, row-major). */
export async function runModel(
  model: Uint8Array,
  features: Float32Array,
  nIn: number,
  nOut: number,
): Promise<Float32Array> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionProviders: ["cpu"],
      graphOptimizationLevel: "basic",
    });
  } catch (error) {
    throw new InputError(`onnxruntime cannot load the model: ${firstLine(error)}`, MODEL_FILE);
  }
  try {
    const rows = features.length / nIn;
    const out = new Float32Array(rows * nOut);
    for (let start = 0; start < rows; start += BATCH_ROWS) {
      const n = Math.min(BATCH_ROWS, rows - start);
      const input = new ort.Tensor("float32", features.subarray(start * nIn, (start + n) * nIn), [n, nIn]);
      let result: Awaited<ReturnType<typeof session.run>>;
      try {
        result = await session.run({ [session.inputNames[0]]: input });
      } catch {
        // onnxruntime's message may quote shapes or values of the hidden batch.
        throw new HiddenDataError(
          "onnxruntime failed to run the model on the hidden test jets; run it on the public validation jets with onnxruntime to see why",
          MODEL_FILE,
        );
      }
      const y = result[session.outputNames[0]];
      if (y.type !== "float32" || y.data.length !== n * nOut)
        throw new HiddenDataError(`the model's output on the hidden test jets is not float32 [N, ${nOut}]`, MODEL_FILE);
      out.set(y.data as Float32Array, start * nOut);
    }
    return out;
  } finally {
    await session.release();
  }
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error)
    .split("\n")[0]
    .slice(0, 500);
}
