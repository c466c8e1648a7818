-- Incremental boards: a score re-ranks its participant only, instead of recomputing the phase's boards.
-- Triggers note which participants' scored submissions changed, in the transaction that changes them,
-- so no writer can forget; the next refresh claims those rows (refresh-leaderboard.ts).

ALTER TABLE "LeaderboardState" ADD COLUMN "rulesKey" TEXT;
-- Refreshes coalesce through the noted changes now, not by when the last one began.
ALTER TABLE "LeaderboardState" DROP COLUMN "refreshedFrom";

-- An entry carries its submission's time, the ranking's tie-breaker: re-ranking reads the entries alone.
ALTER TABLE "LeaderboardEntry" ADD COLUMN "submittedAt" TIMESTAMP(3);
UPDATE "LeaderboardEntry" e SET "submittedAt" = s."createdAt" FROM "Submission" s WHERE s.id = e."submissionId";
ALTER TABLE "LeaderboardEntry" ALTER COLUMN "submittedAt" SET NOT NULL;

CREATE TABLE "LeaderboardChange" (
    "phaseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeaderboardChange_pkey" PRIMARY KEY ("phaseId","userId")
);

CREATE TABLE "LeaderboardRecord" (
    "phaseId" TEXT NOT NULL,
    "board" "Board" NOT NULL,
    "userId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "LeaderboardRecord_pkey" PRIMARY KEY ("phaseId","board","submissionId")
);

CREATE INDEX "LeaderboardRecord_phaseId_board_userId_idx" ON "LeaderboardRecord"("phaseId", "board", "userId");

CREATE TABLE "LeaderboardUnranked" (
    "phaseId" TEXT NOT NULL,
    "board" "Board" NOT NULL,
    "userId" TEXT NOT NULL,
    "overBudget" INTEGER NOT NULL,
    "failedGate" INTEGER NOT NULL,
    "undefinedPrimary" INTEGER NOT NULL,

    CONSTRAINT "LeaderboardUnranked_pkey" PRIMARY KEY ("phaseId","board","userId")
);

ALTER TABLE "LeaderboardRecord" ADD CONSTRAINT "LeaderboardRecord_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LeaderboardUnranked" ADD CONSTRAINT "LeaderboardUnranked_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Marks a participant's boards in a phase as changed. DO UPDATE (not DO NOTHING) locks the row until the
-- writer commits: a refresh claims rows with SKIP LOCKED, so it never takes a mark whose change it cannot see yet.
CREATE FUNCTION "leaderboard_mark_change"(phase TEXT, participant TEXT) RETURNS void AS $$
  INSERT INTO "LeaderboardChange" ("phaseId", "userId", "at") VALUES (phase, participant, clock_timestamp())
  ON CONFLICT ("phaseId", "userId") DO UPDATE SET "at" = EXCLUDED."at";
$$ LANGUAGE sql;

-- Boards rank SCORED submissions only: a change marks the participant when the row is or was SCORED.
CREATE FUNCTION "submission_marks_board_change"() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'SCORED' THEN
    PERFORM "leaderboard_mark_change"(OLD."phaseId", OLD."userId");
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'SCORED' AND (TG_OP = 'INSERT' OR OLD.status <> 'SCORED'
      OR OLD."phaseId" <> NEW."phaseId" OR OLD."userId" <> NEW."userId") THEN
    PERFORM "leaderboard_mark_change"(NEW."phaseId", NEW."userId");
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "submission_board_change"
  AFTER INSERT OR DELETE OR UPDATE OF "status", "scores", "replicates", "selectedAt", "truthSha256", "phaseId", "userId", "createdAt"
  ON "Submission"
  FOR EACH ROW EXECUTE FUNCTION "submission_marks_board_change"();

CREATE FUNCTION "private_score_marks_board_change"() RETURNS trigger AS $$
BEGIN
  PERFORM "leaderboard_mark_change"(s."phaseId", s."userId") FROM "Submission" s
    WHERE s.id = CASE WHEN TG_OP = 'DELETE' THEN OLD."submissionId" ELSE NEW."submissionId" END AND s.status = 'SCORED';
  IF TG_OP = 'UPDATE' AND OLD."submissionId" <> NEW."submissionId" THEN
    PERFORM "leaderboard_mark_change"(s."phaseId", s."userId") FROM "Submission" s
      WHERE s.id = OLD."submissionId" AND s.status = 'SCORED';
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "private_score_board_change"
  AFTER INSERT OR DELETE OR UPDATE ON "PrivateScore"
  FOR EACH ROW EXECUTE FUNCTION "private_score_marks_board_change"();
