-- Sessions end on the server: a session carries its user's session version,
-- checked on each request; sign-out and disabling the account raise it.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD COLUMN "disabledAt" TIMESTAMP(3);
