// `npm run -s admin -- <command>`: operator commands, idempotent where that
// makes sense; `--json` prints machine-readable output. A thin transport: each
// command in admin/commands.ts parses its options with zod and calls a use
// case, as the operator (audited as admin-cli). The database is DATABASE_URL,
// else the embedded one of a running `npm start` in DATA_DIR, else the
// embedded one of a stopped platform in DATA_DIR, started for this command;
// never a new, empty one (a mistyped DATA_DIR is refused).
// `npm run -s admin -- help` lists the commands.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { EnvError, loadEnv, parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from "@unblind/platform/embedded/start-postgres.ts";
import { runningEmbeddedS3 } from "@unblind/platform/embedded/start-s3.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { createPlatform } from "@unblind/platform/platform.ts";
import type { AdminCommand } from "./admin/command.ts";
import { COMMANDS, OPTIONS, usage } from "./admin/commands.ts";

class UsageError extends Error {}

/** The command named by the positionals and its options, checked by its schema; a UsageError says what is wrong. */
function parseCommand(argv: string[]): { command: AdminCommand; options: unknown; json: boolean } {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [noun, verb] = parsed.positionals;
  const name = [noun, verb].filter(Boolean).join(" ");
  const command = COMMANDS[name];
  if (!command) throw new UsageError(noun ? `unknown command "${name}"` : "missing command");
  const options = command.options.safeParse(parsed.values);
  if (!options.success) throw new UsageError(options.error.issues.map((i) => i.message).join("; "));
  return { command, options: options.data, json: parsed.values.json === true };
}

async function main(): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"; // known on Node 20 (../shared/STACK.md)
  const argv = process.argv.slice(2);
  if (argv[0] === "help" || argv.includes("--help")) {
    console.log(usage());
    return 0;
  }
  // The command and its options are checked before any database is touched.
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usage()}`);
    return 64;
  }
  const env = loadEnv();
  const dataDir = path.resolve(env.DATA_DIR);
  const runningUrl = env.DATABASE_URL ? undefined : runningEmbeddedPostgresUrl(dataDir);
  if (!env.DATABASE_URL && !runningUrl && !existsSync(path.join(dataDir, "postgres", "PG_VERSION"))) {
    // Never a silent empty database: a mistyped DATA_DIR would answer "No challenge" to everything.
    console.error(
      `No Unblind database in ${dataDir} (DATA_DIR=${env.DATA_DIR}): start the platform there once with \`npm start\`, or point DATA_DIR or DATABASE_URL at the platform's.`,
    );
    return 1;
  }
  const embedded = env.DATABASE_URL || runningUrl ? undefined : await startEmbeddedPostgres(dataDir);
  if (embedded) await migrate(embedded.url); // a stopped platform's data directory, perhaps from an older version
  // Without S3_ENDPOINT, the embedded S3 of a running `npm start` on the same data directory.
  const s3 = env.S3_ENDPOINT ? undefined : runningEmbeddedS3(dataDir);
  const s3Env = s3
    ? { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }
    : {};
  const platform = createPlatform(
    parseEnv({ ...process.env, ...s3Env, DATABASE_URL: env.DATABASE_URL ?? runningUrl ?? embedded!.url }),
  );
  try {
    const { json, text } = await parsed.command.run(platform, parsed.options);
    console.log(parsed.json ? JSON.stringify(json, null, 2) : text);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(parsed.json ? JSON.stringify({ error: error.code, detail: error.message }) : error.message);
    return 1;
  } finally {
    await platform.db.$disconnect();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  },
);
