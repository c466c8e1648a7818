-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "maxConcurrentScoring" INTEGER,
ADD COLUMN     "scoringLimits" JSONB;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT;

-- CreateIndex
CREATE INDEX "Submission_status_leaseExpiresAt_idx" ON "Submission"("status", "leaseExpiresAt");

