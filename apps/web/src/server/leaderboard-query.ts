// The leaderboard's query parameters (?phase=&board=&offset=&limit=), shared
// by the page, the REST API and the exports; bad values are a 400 that says
// which parameter is wrong.
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { MAX_PAGE, type LeaderboardQuery } from "@unblind/platform/leaderboard/get-leaderboard.ts";

type Params = { get(name: string): string | null };

export function leaderboardQuery(params: Params): LeaderboardQuery {
  const board = params.get("board");
  if (board !== null && board !== "public" && board !== "private")
    throw new AppError("BAD_REQUEST", `board must be public or private, not "${board.slice(0, 40)}"`);
  return {
    phase: params.get("phase") || undefined,
    board: board ?? undefined,
    offset: whole(params.get("offset"), "offset", 0, 10_000_000),
    limit: whole(params.get("limit"), "limit", 1, MAX_PAGE),
  };
}

function whole(text: string | null, name: string, min: number, max: number): number | undefined {
  if (text === null || text === "") return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new AppError(
      "BAD_REQUEST",
      `${name} must be a whole number from ${min} to ${max}, not "${text.slice(0, 40)}"`,
    );
  return n;
}
