-- Which submissions count against the daily limit. Until now every INVALID
-- submission was free; an INVALID outcome that depends on hidden data (a
-- model's output on the hidden test inputs) now counts.
ALTER TABLE "Submission" ADD COLUMN "countsAgainstLimit" BOOLEAN NOT NULL DEFAULT true;
UPDATE "Submission" SET "countsAgainstLimit" = false WHERE status = 'INVALID';
