// The shared services of a process: database, object storage, job queue.
// Created once per process from the validated environment.
import type PgBoss from "pg-boss";
import { requireDatabaseUrl, type Env } from "./config/env.ts";
import { getDb, type Db } from "./db/client.ts";
import { startQueue } from "./queue/queue.ts";
import { Storage, storageConfigFromEnv } from "./storage/storage.ts";

export interface Platform {
  env: Env;
  db: Db;
  storage: Storage;
  queue: () => Promise<PgBoss>;
}

export function createPlatform(env: Env): Platform {
  let queue: Promise<PgBoss> | undefined;
  const url = requireDatabaseUrl(env);
  return {
    env,
    db: getDb(url),
    storage: new Storage(storageConfigFromEnv(env)),
    // Started lazily: the web process only needs it when a submission arrives.
    queue: () => (queue ??= startQueue(url)),
  };
}

/**
 * The signed-in user a use case acts for; null for anonymous visitors. `onlyChallenge`: a token restricted to one challenge (by
 * slug); every access check applies it, so the caller sees nothing of the
 * others, whatever their role.
 */
export type Caller = { userId: string; siteRole: "USER" | "ADMIN"; onlyChallenge?: string } | null;
