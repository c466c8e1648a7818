// A bundle given as an archive (.zip, .tar or .tar.gz) unpacked into a fresh
// private folder, within limits: 256 MB of archive, 1 GB unpacked (larger data
// files are uploaded afterwards through the resumable upload). Member names
// that would leave the folder (absolute, "..", backslashes) are refused. When
// every member sits in one top folder holding challenge.yaml (a zip of the
// folder itself), that folder is the bundle.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isTar, isZip, readTar, readZip } from "@unblind/scoring/parse/archive-entries.ts";
import { InputError } from "@unblind/scoring/parse/input-error.ts";
import { readInput } from "@unblind/scoring/parse/read-input.ts";
import { AppError } from "../errors/app-error.ts";

const LIMITS = { maxBytes: 256 * 1024 ** 2, maxDecompressedBytes: 1024 ** 3, maxRatio: 1000 };

/** The bundle's folder: `source` itself when it is a folder, else a new folder holding the unpacked archive. */
export async function bundleFolder(source: string, label = path.basename(source)): Promise<string> {
  if (statSync(source).isDirectory()) return source;
  try {
    const data = await readInput(source, LIMITS, label);
    const entries = isTar(data) ? readTar(data, label) : isZip(data) ? readZip(data, label, LIMITS) : null;
    if (!entries) throw new InputError("not a bundle: give a folder, a .zip, a .tar or a .tar.gz", label);
    const names = [...entries.keys()];
    for (const name of names)
      if (name.startsWith("/") || name.split("/").includes("..") || name.includes("\\"))
        throw new InputError(`the member ${name} would be written outside the bundle`, label);
    // A zip of the folder itself: every member under one top folder holding challenge.yaml.
    const top = names[0]?.split("/")[0];
    const strip =
      top && names.every((n) => n.startsWith(`${top}/`)) && entries.has(`${top}/challenge.yaml`) ? `${top}/` : "";
    const dir = mkdtempSync(path.join(tmpdir(), "unblind-bundle-"));
    for (const [name, bytes] of entries) {
      const target = path.join(dir, name.slice(strip.length));
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, bytes, { mode: 0o600 });
    }
    return dir;
  } catch (error) {
    if (error instanceof InputError) throw new AppError("BAD_REQUEST", error.located());
    throw error;
  }
}
