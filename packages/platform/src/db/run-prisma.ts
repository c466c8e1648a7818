// Runs the Prisma CLI offline. With engineType = "client" and engine: "js"
// nothing native is used, but `prisma generate` still checks at start-up that a
// query-engine library exists and would download one; pointing
// PRISMA_QUERY_ENGINE_LIBRARY at any existing file satisfies that check (the
// library is never loaded). See ../shared/STACK.md.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export function prismaCliPath(): string {
  return path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
}

export function runPrisma(args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCliPath(), ...args], {
      cwd: path.resolve(path.dirname(require.resolve("prisma/package.json")), "..", ".."),
      env: {
        ...env,
        PRISMA_QUERY_ENGINE_LIBRARY: require.resolve("prisma/package.json"),
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} exited with ${code}\n${output}`)),
    );
  });
}
