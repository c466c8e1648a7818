// Makes sure no submission stays QUEUED or SCORING forever. Its updates are
// conditional, so several workers running it never double-hand a submission
// (an extra job is harmless anyway: the claim lets one through).
// - SCORING with a lapsed lease (its worker died): back to QUEUED, re-sent.
// - QUEUED with no job waiting in the queue (the send after upload failed,
//   or a job was lost): re-sent. Whether its job waits is asked of pg-boss
//   (getJobById on the job noted on the row by enqueueScoring).
import type { Db } from "../../db/client.ts";
import type PgBoss from "pg-boss";
import { periodicJob } from "../job-definition.ts";
import { enqueueScoring, scoringJobAlive } from "./score-submission.ts";

/** A QUEUED submission younger than this may still be on its way to the queue. */
const GRACE_SECONDS = 30;

export async function sweepStranded(db: Db, boss: PgBoss): Promise<string[]> {
  const lapsed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Submission" SET status = 'QUEUED', "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "queuedAt" = now()
    WHERE status = 'SCORING' AND "leaseExpiresAt" < now()
    RETURNING id`;
  const queued = await db.submission.findMany({
    where: { status: "QUEUED", queuedAt: { lt: new Date(Date.now() - GRACE_SECONDS * 1000) } },
    select: { id: true, scoringJobId: true },
    orderBy: { queuedAt: "asc" },
    take: 500,
  });
  const orphans = [];
  for (const s of queued) if (!(await scoringJobAlive(boss, s.scoringJobId))) orphans.push(s);
  const ids = [...lapsed, ...orphans].map((r) => r.id);
  // Under their own key: a lapsed submission's old job may still count as active.
  for (const id of ids) await enqueueScoring({ db, boss }, id, { why: `sweep-${Date.now()}`, afterSeconds: 0 });
  return ids;
}

export const sweepStrandedSubmissionsJob = periodicJob({
  name: "sweep-stranded-submissions",
  everySeconds: (sweep) => sweep,
  async run(platform) {
    const ids = await sweepStranded(platform.db, await platform.queue());
    return ids.length ? `re-queued stranded submissions: ${ids.join(", ")}` : null;
  },
});
