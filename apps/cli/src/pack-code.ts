// `unblind submit <slug> --code <folder|archive>`: an archive is sent as it
// is; a folder is packed as <folder>.tar.gz (its regular files, sorted; no
// links), as the Python client packs it.
import { lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
import { CliError } from "./config.ts";

export function packCode(source: string): string {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(source);
  } catch {
    throw new CliError(`No such folder or archive: ${source}`, 2);
  }
  if (stat.isFile()) return source;
  const root = path.resolve(source);
  const files: Record<string, Buffer> = {};
  for (const rel of (readdirSync(root, { recursive: true }) as string[]).sort()) {
    const full = path.join(root, rel);
    if (lstatSync(full).isFile()) files[rel] = readFileSync(full);
  }
  const out = path.join(mkdtempSync(path.join(tmpdir(), "unblind-code-")), `${path.basename(root)}.tar.gz`);
  writeFileSync(out, tarGz(files));
  return out;
}
