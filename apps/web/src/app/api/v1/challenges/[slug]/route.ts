import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { restRoute } from "~/server/rest/rest-route.ts";
import { challengeSummaryJson, phaseJson } from "~/server/rest/to-json.ts";

export const dynamic = "force-dynamic";

export const GET = restRoute<{ slug: string }>("read", async ({ platform, token, params }) => {
  const c = await getChallenge(platform, token.caller, params.slug);
  return {
    ...challengeSummaryJson(c),
    description: c.description,
    submissionFormat: c.submissionFormat,
    phases: c.phases.map(phaseJson),
    currentPhaseId: c.currentPhase?.id ?? null,
    submissionsLeftToday: c.submissionsLeftToday,
  };
});
