import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { restRoute } from "~/server/rest/rest-route.ts";

export const dynamic = "force-dynamic";

/** A black box: the caller's receipts before the opening; the key and every answer's pulls after. */
export const GET = restRoute<{ slug: string; box: string }>("read", async ({ platform, token, params }) =>
  getBox(platform, token.caller, { challengeSlug: params.slug, box: decodeURIComponent(params.box) }),
);
