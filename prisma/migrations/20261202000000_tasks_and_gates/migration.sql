-- Multi-task phases: each task's truth file by task key (resolved by name to its live version when scoring).
ALTER TABLE "Phase" ADD COLUMN "taskTruths" JSONB;
-- Gates: tests on a metric a scored submission must pass to be ranked.
ALTER TABLE "Challenge" ADD COLUMN "gates" JSONB NOT NULL DEFAULT '[]';
-- Black boxes: the quantities an answer holds (null: the LHC Olympics answer).
ALTER TABLE "Challenge" ADD COLUMN "blackBox" JSONB;
