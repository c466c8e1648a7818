import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { challengeSummaryJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute("read", async ({ platform, token }) => {
  // A token pinned to one challenge sees only that one (its caller carries the restriction).
  return (await listChallenges(platform, token.caller)).map(challengeSummaryJson);
});
