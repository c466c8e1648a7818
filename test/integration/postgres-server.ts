// A PostgreSQL server from the system's packages (Debian's, on PATH or in
// /usr/lib/postgresql/<version>/bin), for tests that need its client tools
// at the same version: pg_dump refuses a newer server, and the embedded
// PostgreSQL ships no pg_dump. Run as `nobody` when the tests run as root
// (initdb refuses root).
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@unblind/platform/embedded/free-port.ts";

export interface PostgresServer {
  url: string;
  /** A client tool of the server's version (pg_dump, pg_restore, psql). */
  bin(tool: string): string;
  stop(): void;
}

function binDir(): string {
  for (const dir of (process.env.PATH ?? "").split(":"))
    if (existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_dump"))) return dir;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(path.join(root, v, "bin", "initdb"))) return path.join(root, v, "bin");
  throw new Error("no PostgreSQL server binaries (initdb, pg_dump): apt-get install postgresql");
}

/** Starts a server in a fresh directory of its own (removed on stop), with one empty database. */
export async function startPostgresServer(database = "unblind"): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-pg-"));
  if (asRoot) chownSync(dir, 65534, 65534);
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : path.join(bin, tool),
      asRoot ? ["-u", "nobody", "--", path.join(bin, tool), ...args] : args,
      { stdio: "pipe" },
    );
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const port = await freePort();
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "log"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    "-w",
    "start",
  ]);
  execFileSync(
    path.join(bin, "psql"),
    ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", `CREATE DATABASE ${database}`],
    { stdio: "pipe" },
  );
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
    bin: (tool) => path.join(bin, tool),
    stop: () => {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
