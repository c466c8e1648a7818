-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "scoringConfig" JSONB;

