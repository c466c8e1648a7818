import "server-only";
/**
 * tRPC: context, initialisation and the procedure builders this app uses.
 * Procedures stay thin: parse input, call a use-case function, shape output.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { AppError, type AppErrorCode } from "@unblind/platform/errors/app-error.ts";
import { getCaller } from "./auth.ts";
import { platform } from "./platform.ts";

// 1. Context
export async function createContext() {
  return { caller: await getCaller(), platform: platform() };
}
type Context = Awaited<ReturnType<typeof createContext>>;

// 2. Initialisation, with the one place where domain errors become tRPC errors.
const trpcCodeOf: Record<AppErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  BAD_REQUEST: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PHASE_CLOSED: "CONFLICT",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof AppError)
      return { ...shape, message: cause.message, data: { ...shape.data, code: trpcCodeOf[cause.code] } };
    // Internal errors are logged on the server and never described to clients.
    if (error.code === "INTERNAL_SERVER_ERROR")
      return { ...shape, message: "Internal server error", data: { ...shape.data, stack: undefined } };
    return shape;
  },
});

// 3. Procedures. A use case's refusal keeps its meaning on the wire: the
// HTTP status is 404/403/409…, never a 500 as for an unexpected error.
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const cause = result.ok ? undefined : result.error.cause;
  if (cause instanceof AppError) throw new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
  return result;
});
export const router = t.router;
export const publicProcedure = t.procedure.use(appErrors);
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, caller: ctx.caller } });
});
