// One Prisma client per process, running through the pg driver adapter
// (engineType = "client": no native query engine is needed) on a pg pool the
// process also reaches directly for its hottest statements (sql-transaction.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Where a client keeps its pool: a registered symbol, the same in every copy of this module (Next.js bundles it more than once). */
const POOL = Symbol.for("unblind.pgPool");

export function createDb(connectionString: string, max = 10): Db {
  // allowExitOnIdle: a script ends when its work does, as it did when Prisma owned the pool and closed it on $disconnect.
  const pool = new pg.Pool({ connectionString, max, allowExitOnIdle: true });
  // A connection that drops while idle (a database restart) leaves the pool, which opens a new one when asked;
  // without a listener the error would end the process.
  pool.on("error", () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  Object.defineProperty(db, POOL, { value: pool });
  return db;
}

/** The pg pool under a client made by createDb. */
export function poolOf(db: Db): pg.Pool {
  const pool = (db as unknown as Record<symbol, pg.Pool | undefined>)[POOL];
  if (!pool) throw new Error("this Prisma client was not made by createDb");
  return pool;
}

const globalForDb = globalThis as unknown as { unblindDb?: Db };

/** A process-wide client (kept across Next.js hot reloads). */
export function getDb(connectionString: string): Db {
  globalForDb.unblindDb ??= createDb(connectionString);
  return globalForDb.unblindDb;
}
