
-- CreateEnum
CREATE TYPE "PhaseKind" AS ENUM ('STANDARD', 'BLACK_BOX');

-- AlterEnum
ALTER TYPE "SubmissionStatus" ADD VALUE 'SEALED';

-- AlterTable
ALTER TABLE "Phase" ADD COLUMN     "answerKeyFileId" TEXT,
ADD COLUMN     "kind" "PhaseKind" NOT NULL DEFAULT 'STANDARD',
ADD COLUMN     "openedAt" TIMESTAMP(3),
ADD COLUMN     "openedById" TEXT,
ADD COLUMN     "revealedKey" JSONB;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "answer" JSONB,
ADD COLUMN     "answerSha256" TEXT,
ADD COLUMN     "postUnblinding" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "supersededAt" TIMESTAMP(3),
ADD COLUMN     "verdict" JSONB;

-- AddForeignKey
ALTER TABLE "Phase" ADD CONSTRAINT "Phase_answerKeyFileId_fkey" FOREIGN KEY ("answerKeyFileId") REFERENCES "DatasetFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- At most one live answer per participant and box (and one live post-unblinding one):
-- replacing an answer supersedes the earlier one in the same transaction.
CREATE UNIQUE INDEX "Submission_live_answer_key" ON "Submission"("phaseId", "userId", "postUnblinding")
  WHERE "answerSha256" IS NOT NULL AND "supersededAt" IS NULL;
