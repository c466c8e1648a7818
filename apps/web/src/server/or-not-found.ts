import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@unblind/platform/errors/app-error.ts";

/** A page's use-case call: NOT_FOUND from the use case becomes the 404 page. */
export function orNotFound<T>(result: Promise<T>): Promise<T> {
  return result.catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
}

/** Like orNotFound, and a FORBIDDEN refusal comes back as its message, for the page to show. */
export function orRefusal<T>(result: Promise<T>): Promise<T | { refused: string }> {
  return orNotFound(result).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "FORBIDDEN") return { refused: e.message };
    throw e;
  });
}

export const isRefusal = (v: unknown): v is { refused: string } =>
  typeof v === "object" && v !== null && "refused" in v;
