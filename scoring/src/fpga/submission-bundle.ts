// A model submission: model.onnx alone (hls4ml's defaults), or a .tar,
// .tar.gz or .zip holding model.onnx (any name ending .onnx), an optional
// manifest.json and an optional synthesis report (*_csynth.xml or
// report.json). Sizes are bounded before anything is decompressed into
// memory, so a compression bomb is refused, not expanded.
import path from "node:path";
import { formatBytes } from "../format-bytes.ts";
import { isTar, isZip, readTar, readZip } from "../parse/archive-entries.ts";
import { InputError } from "../parse/input-error.ts";
import { readInput } from "../parse/read-input.ts";
import { isReportFile } from "./synthesis-report.ts";

export const BUNDLE_LIMITS = { maxBytes: 32 * 1024 ** 2, maxDecompressedBytes: 64 * 1024 ** 2, maxRatio: 200 };
/** Largest model accepted (a VU9P could not hold a much larger network fully unrolled anyway). */
export const MAX_MODEL_BYTES = 16 * 1024 ** 2;

export interface Bundle {
  model: { name: string; bytes: Uint8Array };
  manifest?: { name: string; text: string };
  report?: { name: string; text: string };
}

export async function readBundle(file: string, label = path.basename(file)): Promise<Bundle> {
  const data = await readInput(file, BUNDLE_LIMITS, label);
  let entries: Map<string, Uint8Array>;
  if (isTar(data)) entries = readTar(data, label);
  else if (isZip(data)) entries = readZip(data, label, BUNDLE_LIMITS);
  else if (looksLikeOnnx(data)) return { model: { name: label, bytes: data } };
  else
    throw new InputError(
      "not an ONNX model, a tar archive or a zip archive (submit model.onnx, or an archive of model.onnx, manifest.json and an optional report)",
      label,
    );
  const bundle: Partial<Bundle> = {};
  for (const [name, bytes] of entries) {
    const where = `${label}: ${name}`;
    const base = path.posix.basename(name);
    if (base.toLowerCase().endsWith(".onnx")) {
      if (bundle.model)
        throw new InputError(`two models in the archive (${bundle.model.name} and ${name}); submit one`, label);
      if (bytes.length > MAX_MODEL_BYTES)
        throw new InputError(
          `the model is ${formatBytes(bytes.length)}, above the limit of ${formatBytes(MAX_MODEL_BYTES)}`,
          where,
        );
      bundle.model = { name, bytes };
    } else if (base === "manifest.json") {
      if (bundle.manifest) throw new InputError("two manifest.json files in the archive", label);
      bundle.manifest = { name, text: utf8(bytes, where) };
    } else if (isReportFile(base)) {
      if (bundle.report)
        throw new InputError(`two synthesis reports in the archive (${bundle.report.name} and ${name})`, label);
      bundle.report = { name, text: utf8(bytes, where) };
    } else
      throw new InputError(
        `unexpected file ${name} (an archive holds model.onnx, manifest.json and optionally <top>_csynth.xml or report.json)`,
        label,
      );
  }
  if (!bundle.model) throw new InputError("the archive has no .onnx model", label);
  return bundle as Bundle;
}

/** An ONNX ModelProto starts with field 1 (ir_version, varint) or, rarely, another small field. */
function looksLikeOnnx(data: Buffer): boolean {
  return data.length > 2 && (data[0] === 0x08 || data[0] === 0x12 || data[0] === 0x3a);
}

function utf8(bytes: Uint8Array, where: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError("not UTF-8 text", where);
  }
}
