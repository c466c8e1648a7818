import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";

/** The id of a challenge's dataset by name; NOT_FOUND naming the datasets it has when there is none. */
export async function datasetIdByName(db: Db, challenge: { id: string; slug: string }, name: string): Promise<string> {
  const dataset = await db.dataset.findUnique({
    where: { challengeId_name: { challengeId: challenge.id, name } },
    select: { id: true },
  });
  if (dataset) return dataset.id;
  const names = await db.dataset.findMany({ where: { challengeId: challenge.id }, select: { name: true } });
  throw new AppError(
    "NOT_FOUND",
    `No dataset "${name}" in ${challenge.slug}; its datasets are ${names.map((d) => d.name).join(", ") || "none"}.`,
  );
}
