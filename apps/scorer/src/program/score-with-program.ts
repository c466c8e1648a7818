// A submission scored by the challenge's own scoring program: the program's
// live version is fetched (checked against its SHA-256), run beside the truth
// and the submission (run-program.ts), and its scores.json classified; every
// score records the program that made it, and its detailed.html is stored
// for the submission's owner.
import { createReadStream, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { liveChallengeFiles } from "@unblind/platform/datasets/live-challenge-files.ts";
import type { Platform } from "@unblind/platform/platform.ts";
import { readMetricColumns } from "@unblind/platform/scorers/stored-results.ts";
import { parseProgramConfig } from "@unblind/scoring/challenges/program-config.ts";
import { integrityFailure, internalFailure } from "../classify-run.ts";
import { OUTPUT_DIR, PROGRAM_DIR } from "../job-dir.ts";
import { downloadTruths, type JobEnd, type ScoringJob } from "../score-job.ts";
import { classifyProgramRun, DETAIL_FILE, MAX_DETAIL_BYTES } from "./classify-program-run.ts";
import { runProgram } from "./run-program.ts";

export async function scoreWithProgram(s: ScoringJob): Promise<JobEnd> {
  const { platform, job } = s;
  let config: ReturnType<typeof parseProgramConfig>;
  let program: { key: string; sha256: string };
  try {
    config = parseProgramConfig(s.scoringConfig);
    program = (await liveChallengeFiles(platform.db, s.challengeId, [config.program])).get(config.program)!;
  } catch (error) {
    return internalFailure(`scoring program: ${(error as Error).message}`);
  }
  const badTruth = await downloadTruths(s);
  if (badTruth) return badTruth;
  mkdirSync(path.join(job.path, PROGRAM_DIR));
  mkdirSync(path.join(job.path, OUTPUT_DIR));
  const got = await platform.storage.downloadToFile(program.key, path.join(job.path, PROGRAM_DIR, config.program));
  if (got.sha256 !== program.sha256) return integrityFailure("truth", program.sha256, got.sha256);
  job.seal([OUTPUT_DIR]);
  const run = await runProgram(s.runtime, { dir: job.path, config, limits: s.limits, signal: s.stop });
  if (s.stop.aborted || run.limit === "aborted") return { kind: "released" };
  const verdict = classifyProgramRun(run, {
    ...s.classify,
    scorerVersion: `program:${program.sha256}`,
    dir: job.path,
    metricKeys: readMetricColumns(s.metrics).map((m) => m.key),
  });
  if (verdict.status === "SCORED") {
    const detailKey = await storeDetail(platform, s.submissionId, path.join(job.path, OUTPUT_DIR, DETAIL_FILE));
    if (detailKey) verdict.data.detailKey = detailKey;
  }
  return verdict;
}

/** A scoring program's detailed.html, stored for its submission's owner (shown in a sandboxed frame). */
async function storeDetail(platform: Platform, submissionId: string, file: string): Promise<string | null> {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size > MAX_DETAIL_BYTES) return null;
  const key = `details/${submissionId}/${Date.now()}.html`;
  await platform.storage.putStream(key, createReadStream(file), "text/html; charset=utf-8");
  return key;
}
