// A bundle's example submission, scored as a dry run by the scoring service
// in its sandbox (jobs/definitions/score-example.ts), exactly as a
// participant's file will be: the files go to storage under dry-runs/, the
// job runs the scorer CLI, and its output comes back here. The objects are
// removed whatever happens; a scoring service that does not answer in time
// is a plain refusal, and nothing is created.
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import { AppError } from "../errors/app-error.ts";
import { type ScoreExampleOutput, scoreExampleJob, scoreExampleOutput } from "../jobs/definitions/score-example.ts";
import { notifyJob } from "../jobs/job-wakeup.ts";
import type { Platform } from "../platform.ts";
import { sha256OfFile } from "../storage/sha256-of-file.ts";

/** How long the creator waits for the scoring service. */
const WAIT_MS = 120_000;

export interface ExampleRun {
  scorer: string;
  config: unknown;
  /** The truth file's path, or each task's by task key. */
  truth: string | Record<string, string>;
  submission: string;
}

export async function dryRunExample(platform: Platform, run: ExampleRun): Promise<ScoreExampleOutput> {
  const { storage } = platform;
  const prefix = `dry-runs/${randomUUID()}`;
  const keys: string[] = [];
  const store = async (file: string, name: string) => {
    const key = `${prefix}/${name}`;
    keys.push(key);
    await storage.putStream(key, createReadStream(file));
    return { key, sha256: await sha256OfFile(file) };
  };
  try {
    const truths =
      typeof run.truth === "string"
        ? [{ task: null, ...(await store(run.truth, "truth")) }]
        : await Promise.all(
            Object.entries(run.truth).map(async ([task, file]) => ({ task, ...(await store(file, `truth-${task}`)) })),
          );
    const submission = { name: path.basename(run.submission), ...(await store(run.submission, "submission")) };
    const boss = await platform.queue();
    const id = await boss.send(
      scoreExampleJob.name,
      scoreExampleJob.payload.parse({ scorer: run.scorer, config: run.config ?? null, truths, submission }),
    );
    if (!id) throw new Error("the queue refused the dry run");
    await notifyJob(platform.db, scoreExampleJob.name);
    const deadline = Date.now() + WAIT_MS;
    for (let pause = 50; Date.now() < deadline; pause = Math.min(pause * 2, 500)) {
      await new Promise((r) => setTimeout(r, pause));
      const job = await boss.getJobById<unknown>(scoreExampleJob.name, id);
      if (job?.state === "completed") return scoreExampleOutput.parse(job.output);
      if (job && (job.state === "failed" || job.state === "cancelled"))
        return { failed: "the scoring service could not run the dry run" };
    }
    await boss.cancel(scoreExampleJob.name, id).catch(() => {});
    throw new AppError(
      "CONFLICT",
      "The example could not be scored: the scoring service did not answer within 2 minutes (is it running?). Nothing was created.",
    );
  } finally {
    await Promise.all(keys.map((k) => storage.delete(k).catch(() => {})));
  }
}
