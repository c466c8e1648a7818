-- Code phases (programs run on hidden inputs), a phase's own ranking metric,
-- and what a code run or a scoring program leaves with a submission.
ALTER TYPE "PhaseKind" ADD VALUE 'CODE';

ALTER TABLE "Phase" ADD COLUMN "code" JSONB,
ADD COLUMN "primaryMetric" TEXT;

ALTER TABLE "Submission" ADD COLUMN "run" JSONB,
ADD COLUMN "organizerLog" TEXT,
ADD COLUMN "detailKey" TEXT;

-- Coalesced leaderboard refreshes: when the last one began reading.
ALTER TABLE "LeaderboardState" ADD COLUMN "refreshedFrom" TIMESTAMPTZ(6);
