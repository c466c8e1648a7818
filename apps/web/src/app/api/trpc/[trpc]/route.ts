import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError, httpStatusOf } from "@unblind/platform/errors/app-error.ts";
import { readBodyText } from "~/server/rest/read-body.ts";
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

/** The largest body of a batch of mutations: inputs are small JSON objects. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Mutations ride on the session cookie: only from this site's own pages
 * (same-origin.ts); and their body is read with a bound before tRPC sees it.
 */
async function post(req: Request): Promise<Response> {
  let body: string;
  try {
    requireSameOrigin(req);
    body = await readBodyText(req, MAX_BODY_BYTES, "The request");
  } catch (error) {
    const refusal =
      error instanceof AppError ? error : new AppError("BAD_REQUEST", "The request body could not be read.");
    const httpStatus = httpStatusOf[refusal.code];
    // tRPC's error shape, so that the client shows the message.
    return Response.json(
      { error: { json: { message: refusal.message, code: -32600, data: { code: refusal.code, httpStatus } } } },
      { status: httpStatus },
    );
  }
  const headers = new Headers(req.headers);
  headers.delete("content-length"); // the body is passed on as text, its length recomputed
  return handler(new Request(req.url, { method: "POST", headers, body }));
}

export { handler as GET, post as POST };
