// The refresh's transaction on the pg pool (db/sql-transaction.ts): all or
// nothing, and a connection that failed mid-way is not handed out again with
// a transaction still open on it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createDb, type Db, poolOf } from "@unblind/platform/db/client.ts";
import { sqlTransaction } from "@unblind/platform/db/sql-transaction.ts";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "@unblind/platform/embedded/start-postgres.ts";

describe("a transaction on the pg pool", () => {
  let dir: string;
  let pg: EmbeddedPostgresHandle;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "unblind-sqltx-"));
    pg = await startEmbeddedPostgres(dir);
    db = createDb(pg.url, 2);
    await db.$executeRawUnsafe(`CREATE TABLE t (k int PRIMARY KEY, v text)`);
  });
  after(async () => {
    await db?.$disconnect();
    await poolOf(db).end();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => db.$queryRawUnsafe<{ k: number; v: string }[]>(`SELECT k, v FROM t ORDER BY k`);

  test("commits when the work returns, and Prisma on the same pool sees it", async () => {
    const n = await sqlTransaction(db, async (sql) => {
      await sql.query(`INSERT INTO t VALUES ($1, $2)`, [1, "one"]);
      const [{ count }] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM t`);
      return count;
    });
    assert.equal(n, 1);
    assert.deepEqual(await rows(), [{ k: 1, v: "one" }]);
  });

  test("rolls back everything when the work throws, and the error reaches the caller", async () => {
    await assert.rejects(
      sqlTransaction(db, async (sql) => {
        await sql.query(`INSERT INTO t VALUES ($1, $2)`, [2, "two"]);
        throw new Error("work failed");
      }),
      /work failed/,
    );
    // A failing statement (the prepared INSERT again, now violating the key) rolls back too.
    await assert.rejects(
      sqlTransaction(db, async (sql) => {
        await sql.query(`INSERT INTO t VALUES ($1, $2)`, [3, "three"]);
        await sql.query(`INSERT INTO t VALUES ($1, $2)`, [1, "again"]);
      }),
      /duplicate key/,
    );
    assert.deepEqual(await rows(), [{ k: 1, v: "one" }]);
    // Both connections of the pool are usable again, outside any transaction.
    await Promise.all(
      [0, 1].map(() =>
        sqlTransaction(db, async (sql) => {
          const [{ open }] = await sql.query<{ open: boolean }>(`SELECT now() <> statement_timestamp() AS open`);
          assert.equal(open, true); // inside its own transaction
        }),
      ),
    );
    const [{ idle }] = await db.$queryRawUnsafe<{ idle: number }[]>(
      `SELECT count(*)::int AS idle FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    assert.equal(idle, 0);
  });
});
