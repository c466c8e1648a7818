import { getLeaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { leaderboardQuery } from "~/server/leaderboard-query.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { leaderboardJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute<{ slug: string }>("read", async ({ req, platform, token, params }) =>
  leaderboardJson(
    await getLeaderboard(platform, token.caller, params.slug, leaderboardQuery(new URL(req.url).searchParams)),
  ),
);
