// The one error type of the domain code. Transport layers (tRPC, REST, CLI)
// map `code` to their own status codes; messages are safe to show to users.
export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHORIZED"
  | "BAD_REQUEST"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "PHASE_CLOSED"
  /** Well-formed, but contradicts what it refers to (an Idempotency-Key reused for another file). */
  | "UNPROCESSABLE";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const httpStatusOf: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  BAD_REQUEST: 400,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  PHASE_CLOSED: 409,
  UNPROCESSABLE: 422,
};
