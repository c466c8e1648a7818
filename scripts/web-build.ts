// Builds the web app for production when its sources changed since the last
// build (a fingerprint of file paths, sizes and modification times).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WEB = path.join(ROOT, "apps/web");
const STAMP = path.join(WEB, ".next", "unblind-source-fingerprint");
const SOURCES = [
  "apps/web",
  "packages/platform/src",
  "packages/upload-client/src",
  "scoring/src",
  "challenges",
  "package-lock.json",
];

function nextBin(): string {
  return createRequire(path.join(WEB, "package.json")).resolve("next/dist/bin/next");
}

/**
 * How long the web server keeps an idle connection: longer than the clients'
 * and proxies' own idle timeouts (typically 60 s). With Node's default 5 s, a
 * client reusing a connection just as the server closes it gets ECONNRESET.
 * The container's standalone server reads the same value from
 * KEEP_ALIVE_TIMEOUT (docker/web.Dockerfile).
 */
export const KEEP_ALIVE_MS = 65_000;

/** The arguments (after node) that run the built web app, as `npm start` and the benchmark run it. */
export function nextStartArgs(port: number, host?: string): string[] {
  return [
    nextBin(),
    "start",
    "apps/web",
    "-p",
    String(port),
    ...(host ? ["-H", host] : []),
    "--keepAliveTimeout",
    String(KEEP_ALIVE_MS),
  ];
}

function fingerprint(): string {
  const hash = createHash("sha256");
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort())
        if (name !== "node_modules" && name !== ".next" && !name.startsWith(".")) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(ROOT, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const s of SOURCES) if (existsSync(path.join(ROOT, s))) walk(path.join(ROOT, s));
  return hash.digest("hex");
}

export async function ensureWebBuild(log: (s: string) => void): Promise<void> {
  const want = fingerprint();
  if (existsSync(path.join(WEB, ".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === want) {
    log("web build is up to date");
    return;
  }
  log("building the web app (first start or changed sources; about a minute)…");
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build", "apps/web"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`)),
    );
  });
  writeFileSync(STAMP, want);
  log(`web build done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
