import { type BundleProblem, locate } from "@unblind/challenges/shared/bundle/read-bundle.ts";
import { AppError } from "../errors/app-error.ts";

/** A bundle refused: every problem, one per line at its place; nothing was created. */
export function bundleRefusal(problems: BundleProblem[], suffix = ""): AppError {
  const n = problems.length;
  return new AppError(
    "BAD_REQUEST",
    `The bundle has ${n} problem${n === 1 ? "" : "s"}; nothing was created.\n${problems.map((p) => `${locate(p)}${suffix}`).join("\n")}`,
    { problems },
  );
}
