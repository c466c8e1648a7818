-- Blind hosting of a labelled release: the derivation of the participant file
-- and the sealed answer key, run as a sandboxed job.
CREATE TYPE "DerivationStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

CREATE TABLE "BlindDerivation" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "sourceFileId" TEXT NOT NULL,
    "frameKey" TEXT NOT NULL,
    "answerColumns" TEXT[],
    "participantDatasetId" TEXT NOT NULL,
    "participantName" TEXT NOT NULL,
    "keyDatasetId" TEXT NOT NULL,
    "keyName" TEXT NOT NULL,
    "truthOf" TEXT[],
    "status" "DerivationStatus" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "participantFileId" TEXT,
    "keyFileId" TEXT,
    "result" JSONB,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "BlindDerivation_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "BlindDerivation_challengeId_createdAt_idx" ON "BlindDerivation"("challengeId", "createdAt");

ALTER TABLE "BlindDerivation" ADD CONSTRAINT "BlindDerivation_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
