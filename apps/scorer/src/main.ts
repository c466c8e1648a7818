// The scorer worker process. Settings: SCORER_* (config.ts) and the
// platform's DATABASE_URL and S3_*. SIGTERM/SIGINT stop taking jobs, give
// running ones a grace period, then hand them back to the queue.
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadEnv, EnvError } from "@unblind/platform/config/env.ts";
import { createPlatform } from "@unblind/platform/platform.ts";
import { loadScorerConfig } from "./config.ts";
import { startHealthServer } from "./health-server.ts";
import { prepareRuntime, SandboxUnavailableError } from "./runtime.ts";
import { startScoringWorker } from "./worker.ts";

/**
 * pg-boss 10 marks a finished job complete or failed without awaiting it
 * (manager.js, onFetch), so losing the database at that moment rejects a
 * promise nobody handles, which would kill the worker. The submission is
 * safe either way (its lease and the sweeper decide, not the job's state),
 * so a lost connection is logged and the worker carries on; anything else
 * still stops the process.
 */
function survivesDatabaseOutages(): void {
  const connectionLost = (e: unknown) => {
    const { code, message } = (e ?? {}) as { code?: string; message?: string };
    return (
      /^(57P0[123]|08\d\d\d|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/.test(code ?? "") ||
      /Connection terminated|connection (is )?closed/i.test(message ?? "")
    );
  };
  process.on("unhandledRejection", (reason) => {
    if (connectionLost(reason)) {
      console.warn(`[scorer] database connection lost (${(reason as Error).message}); carrying on`);
      return;
    }
    console.error("[scorer] unhandled rejection:", reason);
    process.exit(1);
  });
}

async function main() {
  survivesDatabaseOutages();
  const config = loadScorerConfig();
  const platform = createPlatform(loadEnv());
  const runtime = await prepareRuntime(config);
  const worker = await startScoringWorker(platform, runtime, config);
  const health =
    config.SCORER_HEALTH_PORT === undefined
      ? undefined
      : await startHealthServer(platform.db, worker, config.SCORER_HEALTH_PORT);
  const where = health ? `, health on http://127.0.0.1:${(health.address() as AddressInfo).port}/healthz` : "";
  console.log(
    `[scorer] ready: ${worker.owner}, concurrency ${config.SCORER_CONCURRENCY}, sandbox ${runtime.mode}, scorer ${runtime.bundle.version}${where}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[scorer] ${signal}: finishing running jobs (grace ${config.SCORER_SHUTDOWN_GRACE_SECONDS} s)`);
    await worker.stop();
    rmSync(runtime.bundle.dir, { recursive: true, force: true });
    health?.close();
    await platform.db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof EnvError || error instanceof SandboxUnavailableError ? error.message : error);
  process.exit(1);
});
