// One Prisma client per process, running through the pg driver adapter
// (engineType = "client": no native query engine is needed).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDb(connectionString: string, max = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const globalForDb = globalThis as unknown as { unblindDb?: Db };

/** A process-wide client (kept across Next.js hot reloads). */
export function getDb(connectionString: string): Db {
  globalForDb.unblindDb ??= createDb(connectionString);
  return globalForDb.unblindDb;
}
