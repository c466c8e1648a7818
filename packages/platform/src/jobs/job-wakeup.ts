// Sub-second feedback: pg-boss workers poll their queue, so a job sent just
// after a poll waits up to the polling interval. Senders also NOTIFY a
// PostgreSQL channel with the queue's name; each worker process LISTENs on a
// connection of its own and wakes its workers of that queue at once
// (PgBoss.notifyWorker). Polling stays as the fallback: a lost notification,
// or a listener reconnecting, only costs the polling delay.
import type PgBoss from "pg-boss";
import pg from "pg";
import type { Db } from "../db/client.ts";

const CHANNEL = "unblind_jobs";

/** Tells the listening workers that `queue` has a job (best effort, never fails the caller). */
export async function notifyJob(db: Db, queue: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${queue})`.catch(() => {});
}

/**
 * Listens for job notifications and wakes the given workers of each queue.
 * Reconnects with a growing pause when the connection drops. Returns the stop function.
 */
export function wakeWorkersOnNotify(
  databaseUrl: string,
  boss: PgBoss,
  workers: Map<string, string[]>,
  log: (line: string) => void = () => {},
): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = 500;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: "unblind-job-wakeup" });
    c.on("notification", (n) => {
      for (const id of workers.get(n.payload ?? "") ?? []) boss.notifyWorker(id);
    });
    c.on("error", () => {
      // The connection dropped: polling carries on meanwhile.
      client = null;
      void c.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect(), delay).unref();
      delay = Math.min(delay * 2, 30_000);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
      delay = 500;
    } catch (error) {
      log(`[jobs] cannot listen for job notifications (${(error as Error).message}); polling only, retrying`);
      void c.end().catch(() => {});
      if (!stopped) setTimeout(() => void connect(), delay).unref();
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
