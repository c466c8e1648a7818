
-- CreateEnum
CREATE TYPE "Board" AS ENUM ('PUBLIC', 'PRIVATE');

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "secondaryMetric" TEXT;

-- AlterTable
ALTER TABLE "Phase" ADD COLUMN     "bootstrapResamples" INTEGER NOT NULL DEFAULT 200,
ADD COLUMN     "finalSelections" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "privateRevealedAt" TIMESTAMP(3),
ADD COLUMN     "privateRevealedById" TEXT,
ADD COLUMN     "publicFraction" DOUBLE PRECISION,
ADD COLUMN     "revealAtClose" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "scoreDigits" INTEGER,
ADD COLUMN     "splitKey" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text, '-'::text, ''::text),
ADD COLUMN     "tieConfidence" DOUBLE PRECISION NOT NULL DEFAULT 0.95;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "replicates" BYTEA,
ADD COLUMN     "selectedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PrivateScore" (
    "submissionId" TEXT NOT NULL,
    "scores" JSONB NOT NULL,
    "curves" JSONB,
    "replicates" BYTEA,

    CONSTRAINT "PrivateScore_pkey" PRIMARY KEY ("submissionId")
);

-- CreateTable
CREATE TABLE "LeaderboardEntry" (
    "phaseId" TEXT NOT NULL,
    "board" "Board" NOT NULL,
    "rank" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "primary" DOUBLE PRECISION NOT NULL,
    "secondary" DOUBLE PRECISION,
    "low" DOUBLE PRECISION,
    "high" DOUBLE PRECISION,
    "probabilityAboveBetter" DOUBLE PRECISION,
    "tiedWithAbove" BOOLEAN,
    "submissions" INTEGER NOT NULL,
    "lastSubmittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LeaderboardEntry_pkey" PRIMARY KEY ("phaseId","board","rank")
);

-- CreateTable
CREATE TABLE "LeaderboardState" (
    "phaseId" TEXT NOT NULL,
    "board" "Board" NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "progression" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "LeaderboardState_pkey" PRIMARY KEY ("phaseId","board")
);

-- CreateIndex
CREATE INDEX "Submission_phaseId_finishedAt_idx" ON "Submission"("phaseId", "finishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LeaderboardEntry_phaseId_board_userId_key" ON "LeaderboardEntry"("phaseId", "board", "userId");

-- AddForeignKey
ALTER TABLE "PrivateScore" ADD CONSTRAINT "PrivateScore_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardEntry" ADD CONSTRAINT "LeaderboardEntry_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardEntry" ADD CONSTRAINT "LeaderboardEntry_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderboardState" ADD CONSTRAINT "LeaderboardState_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Settings the database itself keeps sane, whatever writes them.
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_publicFraction_range" CHECK ("publicFraction" IS NULL OR ("publicFraction" > 0 AND "publicFraction" < 1));
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_bootstrapResamples_range" CHECK ("bootstrapResamples" BETWEEN 0 AND 10000);
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_tieConfidence_range" CHECK ("tieConfidence" > 0 AND "tieConfidence" < 1);
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_finalSelections_range" CHECK ("finalSelections" BETWEEN 1 AND 100);
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_scoreDigits_range" CHECK ("scoreDigits" IS NULL OR "scoreDigits" BETWEEN 0 AND 12);
