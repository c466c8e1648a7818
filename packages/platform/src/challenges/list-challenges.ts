import type { Platform } from "../platform.ts";
import { challengeSummarySelect } from "./selects.ts";

export async function listChallenges({ db }: Platform) {
  return db.challenge.findMany({ select: challengeSummarySelect, orderBy: { createdAt: "asc" } });
}
