// Statements straight on the pg pool, for the two paths where Prisma's
// per-statement cost dominated the work (about 0.6 ms a statement through
// the adapter against 0.2 ms here): the leaderboard refresh after every
// score, a transaction, and the check of a cached leaderboard's stamp on
// every read.
//
// Statements asked to be prepared are named by their text and prepared once
// per connection; after five runs PostgreSQL may keep one generic plan for
// them instead of planning each call (about 2 ms a refresh). That plan does
// not know the phase's size, so only statements whose best plan is the same
// for any phase ask for it (lookups and range scans by key: the incremental
// refresh's), not the full recomputation's scans of every submission (a plan
// made on a small phase could loop over a big one).
import { createHash } from "node:crypto";
import type pg from "pg";
import { type Db, poolOf } from "./client.ts";

export interface Sql {
  /** Rows of one statement; parameters $1… are `params`; prepared (above) when `prepare`. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: { prepare?: boolean }): Promise<T[]>;
}

const config = (text: string, params: unknown[], prepare = false) =>
  prepare ? { name: nameOf(text), text, values: params } : { text, values: params };

const names = new Map<string, string>();

/** The prepared statement's name: the same text gets the same name on every connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `unblind_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    if (names.size > 10_000) names.clear(); // shapes are few; this only bounds a leak
    names.set(text, name);
  }
  return name;
}

/** One statement, outside any transaction; prepared, so only for lookups by key. */
export async function sqlQuery<T = Record<string, unknown>>(
  db: Db,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await poolOf(db).query<T & pg.QueryResultRow>(config(text, params, true))).rows;
}

/** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
export async function sqlTransaction<T>(db: Db, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const sql: Sql = {
      query: async <R>(text: string, params: unknown[] = [], options: { prepare?: boolean } = {}) =>
        (await client.query<R & pg.QueryResultRow>(config(text, params, options.prepare))).rows,
    };
    const result = await work(sql);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((e: Error) => {
      broken = e; // the connection is gone: the pool must not hand it out again
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
