// GET /healthz (JSON: database reachable, queue depth, jobs in flight,
// outcomes, job durations) and GET /metrics (Prometheus) for one worker.
import { createServer, type Server } from "node:http";
import type { Db } from "@unblind/platform/db/client.ts";
import type { ScoringWorker } from "./worker.ts";

export function startHealthServer(db: Db, worker: ScoringWorker, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const queueDepth = await worker.queueDepth();
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(worker.metrics.prometheus(queueDepth));
        return;
      }
      if (req.url === "/healthz") {
        const database = await db.$queryRaw`SELECT 1`.then(
          () => true,
          () => false,
        );
        res.writeHead(database ? 200 : 503, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            status: database ? "ok" : "database unreachable",
            worker: worker.owner,
            database,
            ...worker.metrics.snapshot(queueDepth),
          }),
        );
        return;
      }
      res.writeHead(404).end();
    })().catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}
