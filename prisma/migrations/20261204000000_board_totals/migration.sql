-- A board's entry count and the scored submissions it leaves out, by reason, are materialised with it:
-- a read no longer scans the phase's submissions.
ALTER TABLE "LeaderboardState" ADD COLUMN "total" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "LeaderboardState" ADD COLUMN "unranked" JSONB NOT NULL DEFAULT '{"overBudget": 0, "failedGate": 0, "undefinedPrimary": 0}';
