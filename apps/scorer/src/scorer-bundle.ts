// The command-line scorer bundled into one self-contained file (and its
// bootstrap worker), so the sandbox needs only Node and this directory: no
// repository, no node_modules, no TypeScript loader, and a start-up of
// ~0.1 s instead of ~2.5 s through tsx. Its SHA-256 is part of the scorer
// version recorded with every score, so a scorer change is always visible.
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export interface ScorerBundle {
  dir: string;
  cli: string;
  /** The scoring library's version and the bundle's hash. */
  version: string;
}

const SCORING = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scoring/src");

export async function buildScorerBundle(): Promise<ScorerBundle> {
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-scorer-"));
  chmodSync(dir, 0o755); // the sandbox runs as its own user
  await build({
    entryPoints: { cli: path.join(SCORING, "cli.ts"), "roc-bootstrap-worker": path.join(SCORING, "metrics/roc-bootstrap-worker.ts") },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    // Some CommonJS inside dependencies calls require().
    banner: { js: 'import { createRequire as __unblindRequire } from "node:module"; const require = __unblindRequire(import.meta.url);' },
    logLevel: "error",
  });
  const cli = path.join(dir, "cli.mjs");
  const hash = createHash("sha256").update(readFileSync(cli)).update(readFileSync(path.join(dir, "roc-bootstrap-worker.mjs"))).digest("hex");
  const { SCORER_VERSION } = await import("@unblind/scoring/version.ts");
  return { dir, cli, version: `${SCORER_VERSION}+${hash.slice(0, 12)}` };
}
