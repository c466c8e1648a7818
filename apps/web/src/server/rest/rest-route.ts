// The REST API's thin transport: a personal access token (Bearer) with the
// scope the route needs (and its challenge restriction), a per-user rate
// limit, and errors as application/problem+json (RFC 9457). Business rules
// live in the platform's use cases, shared with the web UI's tRPC routers.
import {
  authenticateToken,
  requireTokenAllows,
  type TokenCaller,
} from "@unblind/platform/tokens/authenticate-token.ts";
import type { TokenScope } from "@unblind/platform/tokens/create-api-token.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";
import { rateLimit } from "~/server/rate-limit.ts";

export interface RestContext<P> {
  req: Request;
  params: P;
  token: TokenCaller;
  platform: Platform;
}

export function restRoute<P extends Record<string, string>>(
  scope: TokenScope,
  handler: (ctx: RestContext<P>) => Promise<Response | object>,
) {
  return async (req: Request, { params }: { params?: Promise<P> }): Promise<Response> => {
    try {
      const resolved = ((await params) ?? {}) as P; // routes without segments get none
      const token = await authenticateToken(platform().db, req.headers.get("authorization"));
      requireTokenAllows(token, scope, resolved.slug);
      // Per user, not per token: minting more tokens buys no more requests.
      rateLimit(token.caller.userId);
      const out = await handler({ req, params: resolved, token, platform: platform() });
      return out instanceof Response ? out : Response.json(out);
    } catch (error) {
      return problemFromError(error, "api/v1", { bearer: true });
    }
  };
}
