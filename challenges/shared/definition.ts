import type { Seed } from "./random.ts";

/** Who may download a file; mirrors the FileAccess enum of the database. */
export type FileAccessLevel = "PUBLIC" | "PARTICIPANTS" | "ORGANIZERS" | "TRUTH";

export interface MetricColumn {
  key: string;
  label: string;
  /** How to print: "fixed4" (0.1234), "int" (rounded), "percent". */
  format: "fixed4" | "int" | "percent";
  higherIsBetter: boolean;
}

/** A test on one metric: the submission is ranked only when `metric op value` holds (a missing value fails). */
export interface Gate {
  metric: string;
  op: "<" | "<=" | ">" | ">=";
  value: number;
  /** What the test is, in words ("agreement test on the control channel"). */
  label: string;
}

export interface GeneratedFile {
  name: string;
  dataset: string;
  access: FileAccessLevel;
  path: string;
}

/** A challenge, as its bundle defines it (shared/bundle/read-bundle.ts): what the platform needs to host it. */
export interface ChallengeDefinition {
  slug: string;
  title: string;
  summary: string;
  /** Markdown shown on the challenge page: the pages, each after the first under its title. */
  description: string;
  /** The bundle's pages, the first the overview. */
  pages: { title: string; markdown: string }[];
  /** The scoring CLI slug that scores submissions. */
  scorer: string;
  primaryMetric: string;
  higherIsBetter: boolean;
  /** Breaks ties of the primary metric (before the earlier submission); one of `metrics`. */
  secondaryMetric?: string;
  acceptingSubmissions: boolean;
  /** Every metric the scorer reports, in display order: submission pages and leaderboard columns. */
  metrics: MetricColumn[];
  /** Submission format shown to participants. */
  submissionFormat: string;
  /** The scorer's --config (JSON), e.g. the FPGA track's device and budget; stored on the challenge. */
  scoringConfig?: object;
  /** Tests a scored submission must pass to be ranked (scored but unranked otherwise, with the reason). */
  gates?: Gate[];
  /** Black-box phases: what an answer holds (black-box-config.ts); absent: the LHC Olympics answer. */
  blackBox?: object;
  phases: PhaseDefinition[];
  datasets: { name: string; description: string }[];
  /** The files the bundle declares (inside it, generated, or uploaded afterwards). */
  files: { dataset: string; name: string; access: FileAccessLevel }[];
  /**
   * Writes the demo data into `dir` and says which file is what. The seed
   * decides every value, hidden ones included: hosted data uses a secret one
   * (secretSeed), never a seed written in this public code.
   */
  generateDemoData?: (dir: string, options: GenerateOptions) => Promise<GeneratedFile[]>;
}

/** What the generator makes: its seed and its size. */
export interface GenerateOptions extends DataSize {
  seed: Seed;
}

/** How much synthetic data to write (the generator CLI's --scale and --hits). */
export interface DataSize {
  /** Multiplies the demo's event counts (1 = the demo). */
  scale?: number;
  /** TrackML: hits per event. */
  hitsPerEvent?: number;
}

export interface PhaseDefinition {
  name: string;
  /** STANDARD (default): files scored as they arrive. BLACK_BOX: sealed structured answers. CODE: programs run on hidden inputs. */
  kind?: "STANDARD" | "BLACK_BOX" | "CODE";
  /** CODE: how the program is run (scoring/src/ingestion/code-phase-config.ts). */
  code?: object;
  /** The metric ranking this phase's board when not the challenge's primary one. */
  primaryMetric?: string;
  /** An ISO 8601 date-time with zone, or a signed duration in days from creation ("-P1D", "P90D"). */
  opens: string;
  closes: string | null;
  maxPerDay: number;
  maxFileBytes: number;
  /** Name of the generated TRUTH file this phase is scored against. */
  truthFile?: string;
  /** A multi-task phase: each task's TRUTH file, by task key. */
  taskTruthFiles?: Record<string, string>;
  /** BLACK_BOX: name of the generated TRUTH file holding the sealed key's parameters. */
  answerKeyFile?: string;
  /** Leaderboard settings (see the Phase model); the platform's defaults otherwise. */
  leaderboard?: LeaderboardSettings;
}

export interface LeaderboardSettings {
  /** Share of the test units on the public leaderboard (Kaggle style); null: no split. */
  publicFraction?: number | null;
  revealAtClose?: boolean;
  finalSelections?: number;
  scoreDigits?: number | null;
  tieConfidence?: number;
  bootstrapResamples?: number;
}
