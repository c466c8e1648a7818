-- The pg-boss job last sent to score a submission: the sweeper asks the queue
-- about it (PgBoss.getJobById) instead of reading pg-boss's tables.
ALTER TABLE "Submission" ADD COLUMN "scoringJobId" TEXT;
