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
