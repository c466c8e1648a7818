// Runs the Prisma CLI offline. With engineType = "client" and engine: "js"
// nothing native is used, but `prisma generate` still checks at start-up that
// a query-engine library exists and would download one; pointing
// PRISMA_QUERY_ENGINE_LIBRARY at any existing file satisfies that check (the
// library is never loaded). See ../shared/STACK.md.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const prismaPackage = require.resolve("prisma/package.json");

/** Resolves when the CLI exits 0; rejects with its exit code otherwise. */
export function runPrismaCli(args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(path.dirname(prismaPackage), "build", "index.js"), ...args], {
      stdio: "inherit",
      env: {
        ...env,
        PRISMA_QUERY_ENGINE_LIBRARY: prismaPackage,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} exited with ${code}`)),
    );
  });
}
