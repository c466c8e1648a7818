import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { getDownloadUrl } from "@unblind/platform/datasets/get-download-url.ts";
import { restRoute } from "~/server/rest/rest-route.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute<{ slug: string }>("read", async ({ platform, token, params }) => {
  const c = await getChallenge(platform, token.caller, params.slug);
  const files = c.datasets.flatMap((d) => d.files.map((f) => ({ dataset: d.name, ...f })));
  return Promise.all(
    files.map(async (f) => {
      const { url, expiresInSeconds } = await getDownloadUrl(platform, token.caller, f.id);
      return {
        id: f.id,
        dataset: f.dataset,
        name: f.name,
        version: f.version,
        size: Number(f.size),
        sha256: f.sha256,
        access: f.access,
        url,
        expiresInSeconds,
      };
    }),
  );
});
