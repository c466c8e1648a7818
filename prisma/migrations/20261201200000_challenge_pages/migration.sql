-- Challenge bundles: the pages of a challenge, as its bundle defines them.
ALTER TABLE "Challenge" ADD COLUMN "pages" JSONB;
