-- Dataset files get versions, a soft delete and resumable uploads; a score records the truth version it used.
-- DropIndex
DROP INDEX "DatasetFile_datasetId_name_key";

-- AlterTable
ALTER TABLE "DatasetFile" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "deletedById" TEXT,
ADD COLUMN     "supersededAt" TIMESTAMP(3),
ADD COLUMN     "uploadedById" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "truthFileId" TEXT;

-- CreateTable
CREATE TABLE "DatasetUpload" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "access" "FileAccess" NOT NULL,
    "size" BIGINT NOT NULL,
    "partSize" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "s3UploadId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatasetUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetUploadPart" (
    "uploadId" TEXT NOT NULL,
    "partNumber" INTEGER NOT NULL,
    "etag" TEXT NOT NULL,

    CONSTRAINT "DatasetUploadPart_pkey" PRIMARY KEY ("uploadId","partNumber")
);

-- CreateIndex
CREATE UNIQUE INDEX "DatasetUpload_key_key" ON "DatasetUpload"("key");

-- CreateIndex
CREATE INDEX "DatasetUpload_expiresAt_idx" ON "DatasetUpload"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetFile_datasetId_name_version_key" ON "DatasetFile"("datasetId", "name", "version");

-- AddForeignKey
ALTER TABLE "DatasetUpload" ADD CONSTRAINT "DatasetUpload_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetUploadPart" ADD CONSTRAINT "DatasetUploadPart_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "DatasetUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_truthFileId_fkey" FOREIGN KEY ("truthFileId") REFERENCES "DatasetFile"("id") ON DELETE NO ACTION ON UPDATE CASCADE;


-- At most one live version of each name in a dataset.
CREATE UNIQUE INDEX "DatasetFile_live_name" ON "DatasetFile"("datasetId", "name") WHERE "supersededAt" IS NULL AND "deletedAt" IS NULL;

-- Scores computed before this migration used their phase's current truth file when its checksum matches.
UPDATE "Submission" s SET "truthFileId" = p."truthFileId"
FROM "Phase" p JOIN "DatasetFile" f ON f."id" = p."truthFileId"
WHERE s."phaseId" = p."id" AND s."truthSha256" = f."sha256";
