// The command-line scorer bundled into one self-contained file (and its
// bootstrap worker), so the sandbox needs only Node and this directory: no
// repository, no node_modules, no TypeScript loader, and a start-up of
// ~0.1 s instead of ~2.5 s through tsx. Its SHA-256 is part of the scorer
// version recorded with every score, so a scorer change is always visible.
// The one native dependency, onnxruntime-node (the FPGA track runs submitted
// models), stays outside the bundle: the bundle links to its package, whose
// directories the sandbox mounts read-only at the same paths.
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export interface ScorerBundle {
  dir: string;
  cli: string;
  /** The blind-hosting derivation (scoring/src/derive/derive-cli.ts). */
  derive: string;
  /** The scoring library's version and the bundle's hash. */
  version: string;
  /** Directories of native packages the bundle links to (mounted read-only in the sandbox). */
  nativeDirs: string[];
}

const SCORING = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scoring/src");
/** The ingestion harness of code phases (Python), copied beside the CLI. */
const INGESTION = path.resolve(SCORING, "../ingestion");
const HARNESS = "unblind_ingest.py";
const MEASURE = "measure.py";
const NATIVE = ["onnxruntime-node", "onnxruntime-common"];

/** The real directory of each native package: each resolved from the one before (onnxruntime-common is onnxruntime-node's dependency). */
function nativePackageDirs(): string[] {
  let from = path.join(SCORING, "cli.ts");
  return NATIVE.map((name) => {
    const entry = createRequire(from).resolve(name);
    const marker = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
    const dir = realpathSync(entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1));
    from = path.join(dir, "package.json");
    return dir;
  });
}

export async function buildScorerBundle(): Promise<ScorerBundle> {
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-scorer-"));
  chmodSync(dir, 0o755); // the sandbox runs as its own user
  await build({
    entryPoints: {
      cli: path.join(SCORING, "cli.ts"),
      derive: path.join(SCORING, "derive/derive-cli.ts"),
      "roc-bootstrap-worker": path.join(SCORING, "metrics/roc-bootstrap-worker.ts"),
      "ingest-onnx": path.join(SCORING, "ingestion/ingest-onnx.ts"),
    },
    bundle: true,
    // Shared code and lazily imported modules in chunks of their own: h5wasm (5.8 MB, most of the bundle) is
    // compiled only by a job that reads HDF5, so a CSV job starts ~0.1 s sooner.
    splitting: true,
    // Chunks beside the entries: roc-bootstrap.ts, in a chunk, starts its worker from the file next to itself.
    chunkNames: "[name]-[hash]",
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    // Some CommonJS inside dependencies calls require().
    banner: {
      js: 'import { createRequire as __unblindRequire } from "node:module"; const require = __unblindRequire(import.meta.url);',
    },
    external: NATIVE,
    logLevel: "error",
  });
  const nativeDirs = nativePackageDirs();
  mkdirSync(path.join(dir, "node_modules"), { mode: 0o755 });
  NATIVE.forEach((name, i) => symlinkSync(nativeDirs[i], path.join(dir, "node_modules", name)));
  mkdirSync(path.join(dir, "ingestion"), { mode: 0o755 });
  for (const file of [HARNESS, MEASURE]) {
    copyFileSync(path.join(INGESTION, file), path.join(dir, "ingestion", file));
    chmodSync(path.join(dir, "ingestion", file), 0o644);
  }
  const cli = path.join(dir, "cli.mjs");
  const hash = createHash("sha256");
  const code = readdirSync(dir)
    .filter((f) => f.endsWith(".mjs"))
    .sort();
  for (const file of code) hash.update(file).update(readFileSync(path.join(dir, file)));
  hash
    .update(readFileSync(path.join(dir, "ingestion", HARNESS)))
    .update(readFileSync(path.join(dir, "ingestion", MEASURE)));
  for (const d of nativeDirs) hash.update(readFileSync(path.join(d, "package.json")));
  const { SCORER_VERSION } = await import("@unblind/scoring/version.ts");
  return {
    dir,
    cli,
    derive: path.join(dir, "derive.mjs"),
    nativeDirs,
    version: `${SCORER_VERSION}+${hash.digest("hex").slice(0, 12)}`,
  };
}
