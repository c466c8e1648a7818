// The REST API's thin transport: a personal access token (Bearer) with the
// scope the route needs (and its challenge restriction), a per-token rate
// limit, and errors as application/problem+json (RFC 9457). Business rules
// live in the platform's use cases, shared with the web UI's tRPC routers.
import { loadEnv } from "@unblind/platform/config/env.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { authenticateToken, requireTokenAllows, type TokenCaller } from "@unblind/platform/tokens/authenticate-token.ts";
import type { TokenScope } from "@unblind/platform/tokens/create-api-token.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";

export interface RestContext<P> {
  req: Request;
  params: P;
  token: TokenCaller;
  platform: Platform;
}

/** Requests per token per minute (per web process; API_RATE_PER_MINUTE, default 120). */
const RATE_PER_MINUTE = loadEnv().API_RATE_PER_MINUTE;
const windows = new Map<string, { start: number; count: number }>();

function rateLimit(tokenId: string): void {
  const now = Date.now();
  if (windows.size > 10_000) for (const [id, old] of windows) if (now - old.start >= 60_000) windows.delete(id); // bounded memory
  const w = windows.get(tokenId);
  if (!w || now - w.start >= 60_000) {
    windows.set(tokenId, { start: now, count: 1 });
    return;
  }
  if (++w.count > RATE_PER_MINUTE) {
    const retryAfter = Math.ceil((w.start + 60_000 - now) / 1000);
    throw new AppError("TOO_MANY_REQUESTS", `Rate limit of ${RATE_PER_MINUTE} requests per minute reached; retry in ${retryAfter} s.`, { retryAfterSeconds: retryAfter });
  }
}

export function restRoute<P extends Record<string, string>>(scope: TokenScope, handler: (ctx: RestContext<P>) => Promise<Response | object>) {
  return async (req: Request, { params }: { params?: Promise<P> }): Promise<Response> => {
    try {
      const resolved = ((await params) ?? {}) as P; // routes without segments get none
      const token = await authenticateToken(platform().db, req.headers.get("authorization"));
      requireTokenAllows(token, scope, resolved.slug);
      rateLimit(token.tokenId);
      const out = await handler({ req, params: resolved, token, platform: platform() });
      return out instanceof Response ? out : Response.json(out);
    } catch (error) {
      return problemFromError(error, "api/v1", { bearer: true });
    }
  };
}
