// Makes sure no submission stays QUEUED or SCORING forever. Its updates are
// conditional, so several workers running it never double-hand a submission
// (an extra job is harmless anyway: the claim lets one through).
// - SCORING with a lapsed lease (its worker died): back to QUEUED, re-sent.
// - QUEUED with no job waiting in the queue (the send after upload failed,
//   or a job was lost): re-sent. Whether a job waits is read from pg-boss's
//   own table: its API cannot ask for jobs by payload.
import type { Db } from "../../db/client.ts";
import type PgBoss from "pg-boss";
import { periodicJob } from "../job-definition.ts";
import { enqueueScoring, scoreSubmissionJob } from "./score-submission.ts";

/** A QUEUED submission younger than this may still be on its way to the queue. */
const GRACE_SECONDS = 30;

export async function sweepStranded(db: Db, boss: PgBoss): Promise<string[]> {
  const lapsed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Submission" SET status = 'QUEUED', "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "queuedAt" = now()
    WHERE status = 'SCORING' AND "leaseExpiresAt" < now()
    RETURNING id`;
  // A job counts as waiting when created or retrying, or fetched in the last
  // minute (its worker is about to claim); an older active job belongs to a
  // worker that stopped.
  const orphans = await db.$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "Submission" s
    WHERE s.status = 'QUEUED' AND s."queuedAt" < now() - make_interval(secs => ${GRACE_SECONDS})
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${scoreSubmissionJob.name} AND j.data->>'submissionId' = s.id
          AND (j.state IN ('created', 'retry') OR (j.state = 'active' AND j.started_on > now() - interval '1 minute')))
    LIMIT 500`;
  const ids = [...lapsed, ...orphans].map((r) => r.id);
  // Under their own key: a lapsed submission's old job may still count as active.
  for (const id of ids) await enqueueScoring(boss, id, { why: `sweep-${Date.now()}`, afterSeconds: 0 });
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
