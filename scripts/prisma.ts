// `npm run prisma -- <args>`: the Prisma CLI against DATABASE_URL, or against
// the embedded database in DATA_DIR when DATABASE_URL is unset.
import path from "node:path";
import { loadEnv } from "@unblind/platform/config/env.ts";
import { startEmbeddedPostgres } from "@unblind/platform/embedded/start-postgres.ts";
import { runPrismaCli } from "./prisma-cli.mjs";

const env = loadEnv();
const embedded = env.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.resolve(env.DATA_DIR));
try {
  await runPrismaCli(process.argv.slice(2), { ...process.env, DATABASE_URL: env.DATABASE_URL ?? embedded!.url });
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
