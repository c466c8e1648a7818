import "server-only";
import { loadEnv } from "@unblind/platform/config/env.ts";
import { createPlatform, type Platform } from "@unblind/platform/platform.ts";

const globalForPlatform = globalThis as unknown as { unblindPlatform?: Platform };

/** The web process's database, storage and queue, created on first use. */
export function platform(): Platform {
  globalForPlatform.unblindPlatform ??= createPlatform(loadEnv());
  return globalForPlatform.unblindPlatform;
}
