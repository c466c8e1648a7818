// Errors as application/problem+json (RFC 9457) for the route handlers: an
// AppError keeps its status, message and details (a 429 also says when to
// retry); anything else is logged and answered with a bare 500.
import { AppError, httpStatusOf } from "@unblind/platform/errors/app-error.ts";

export function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { type: "about:blank", title, status, detail, ...extra },
    { status, headers: { "content-type": "application/problem+json", ...headers } },
  );
}

/** `bearer`: the route takes tokens, so a 401 names the scheme (WWW-Authenticate). */
export function problemFromError(error: unknown, where: string, { bearer = false } = {}): Response {
  if (!(error instanceof AppError)) {
    console.error(`[${where}]`, error);
    return problem(500, "INTERNAL", "Internal server error.");
  }
  const status = httpStatusOf[error.code];
  const resetAt = error.details.resetAt;
  const retry =
    error.details.retryAfterSeconds ??
    (typeof resetAt === "string" ? Math.max(1, Math.ceil((Date.parse(resetAt) - Date.now()) / 1000)) : undefined);
  return problem(status, error.code, error.message, error.details, {
    ...(bearer && status === 401 ? { "www-authenticate": 'Bearer realm="unblind"' } : {}),
    ...(typeof retry === "number" ? { "retry-after": String(retry) } : {}),
  });
}
