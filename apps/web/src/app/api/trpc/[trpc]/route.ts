import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { requireSameOrigin } from "~/server/same-origin.ts";
import { appRouter } from "~/server/routers/app.ts";
import { createContext } from "~/server/trpc.ts";

/** Most calls in one batched request: a page makes a handful; hundreds would be one request's worth of server time many times over. */
export const MAX_BATCH = 20;

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext,
    maxBatchSize: MAX_BATCH,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });

/** Mutations ride on the session cookie: only from this site's own pages (same-origin.ts). */
async function post(req: Request): Promise<Response> {
  try {
    requireSameOrigin(req);
  } catch (error) {
    const message = error instanceof AppError ? error.message : "Forbidden";
    // tRPC's error shape, so that the client shows the message.
    return Response.json({ error: { json: { message, code: -32003, data: { code: "FORBIDDEN", httpStatus: 403 } } } }, { status: 403 });
  }
  return handler(req);
}

export { handler as GET, post as POST };
