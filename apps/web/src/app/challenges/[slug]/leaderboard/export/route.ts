// The visible leaderboard as a file: ?format=csv|json, with the page's
// ?phase= and ?board=; every row, through the same use case and seal.
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { getCaller } from "~/server/auth.ts";
import { leaderboardCsv } from "~/server/leaderboard-csv.ts";
import { leaderboardQuery } from "~/server/leaderboard-query.ts";
import { platform } from "~/server/platform.ts";
import { problemFromError } from "~/server/problem.ts";
import { leaderboardJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const { slug } = await params;
    const search = new URL(req.url).searchParams;
    const format = search.get("format") ?? "csv";
    if (format !== "csv" && format !== "json")
      throw new AppError("BAD_REQUEST", `format must be csv or json, not "${format.slice(0, 20)}"`);
    const board = await getLeaderboard(platform(), await getCaller(), slug, {
      ...leaderboardQuery(search),
      offset: 0,
      limit: null,
    });
    const name = `${slug}-${board.phase?.name ?? "leaderboard"}-${board.board}`.replace(/[^A-Za-z0-9._-]+/g, "_");
    const disposition = {
      "content-disposition": `attachment; filename="${name}.${format}"`,
      "cache-control": "no-store",
    };
    if (format === "json") return Response.json(leaderboardJson(board), { headers: disposition });
    return new Response(leaderboardCsv(board, board.metrics), {
      headers: { ...disposition, "content-type": "text/csv; charset=utf-8" },
    });
  } catch (error) {
    return problemFromError(error, "leaderboard export");
  }
}
