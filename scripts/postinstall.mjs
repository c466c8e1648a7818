// Generates the Prisma client after `npm ci` / `npm install` (offline; see
// packages/platform/src/db/run-prisma.ts for why the env variable is set).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const prismaPkg = require.resolve("prisma/package.json");
const result = spawnSync(process.execPath, [path.join(path.dirname(prismaPkg), "build", "index.js"), "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: prismaPkg, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
});
process.exit(result.status ?? 1);
