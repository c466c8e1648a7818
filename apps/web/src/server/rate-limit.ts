// Requests per user per minute, all of the user's tokens together (per web
// process; API_RATE_PER_MINUTE, default 120), counted for every REST call, those the leaderboard's
// micro-cache answers (proxy.ts) included: the counts live on globalThis,
// which the proxy and the route handlers share within one process.
import { loadEnv } from "@unblind/platform/config/env.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";

const RATE_PER_MINUTE = loadEnv().API_RATE_PER_MINUTE;
const shared = globalThis as unknown as { unblindRateWindows?: Map<string, { start: number; count: number }> };
const windows = (shared.unblindRateWindows ??= new Map());

/** Counts one request of the user; TOO_MANY_REQUESTS (with the seconds to wait) past the limit. */
export function rateLimit(userId: string): void {
  const now = Date.now();
  if (windows.size > 10_000) for (const [id, old] of windows) if (now - old.start >= 60_000) windows.delete(id); // bounded memory
  const w = windows.get(userId);
  if (!w || now - w.start >= 60_000) {
    windows.set(userId, { start: now, count: 1 });
    return;
  }
  if (++w.count > RATE_PER_MINUTE) {
    const retryAfter = Math.ceil((w.start + 60_000 - now) / 1000);
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Rate limit of ${RATE_PER_MINUTE} requests per minute reached; retry in ${retryAfter} s.`,
      { retryAfterSeconds: retryAfter },
    );
  }
}
