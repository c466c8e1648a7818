// Reads a challenge bundle (a folder: challenge.yaml, its Markdown pages, and
// optionally data files) into a ChallengeDefinition, or refuses it with every
// problem at once, each located in its file (YAML line and column). Nothing
// here touches the platform: creating the challenge is the caller's step, and
// only after this said yes.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { ChallengeDefinition, Gate, PhaseDefinition } from "../definition.ts";
import { parseBlackBoxConfig } from "@unblind/scoring/challenges/black-box-config.ts";
import { PROGRAM } from "@unblind/scoring/challenges/program-config.ts";
import { RUN_METRIC_KEYS } from "@unblind/scoring/ingestion/code-phase-config.ts";
import { type BundleYaml, bundleSchema } from "./bundle-schema.ts";

export const BUNDLE_FILE = "challenge.yaml";
/** A page's size, the same limit as when organizers edit it (set-challenge-pages.ts). */
export const MAX_PAGE_CHARACTERS = 200_000;

export interface BundleProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** Every problem of a bundle; its message lists them, one per line, "file:line:column: message". */
export class BundleError extends Error {
  constructor(readonly problems: BundleProblem[]) {
    super(problems.map(locate).join("\n"));
    this.name = "BundleError";
  }
}

export const locate = (p: BundleProblem) =>
  `${[p.file, p.line, p.column].filter((x) => x !== undefined).join(":")}: ${p.message}`;

/** What the caller knows about scorers, to check the scoring section against (the platform's registry). */
export interface ScorerFacts {
  /** Keys of the numbers the scorer writes. */
  keys: readonly string[];
  /** Checks the scorer's settings; throws with the reason. */
  parseConfig?: ((raw: unknown) => unknown) | null;
  /** A configurable scorer: the keys it produces under the bundle's settings. */
  keysFor?: (config: unknown) => string[];
  /** A scorer of several tasks: their keys under the settings (each phase names a truth file per task). */
  tasksFor?: (config: unknown) => string[];
  /** Metrics whose direction is not the organizer's to choose (an average rank is better when lower). */
  directions?: Record<string, "higher" | "lower">;
  /** The bundle's metrics are the scorer's keys (an organizer's scoring program writes what it declares). */
  declaresKeys?: boolean;
}

export interface ReadBundleOptions {
  scorers?: Record<string, ScorerFacts>;
  generators?: readonly string[];
  /** For relative dates: the moment of creation (default now). */
  now?: Date;
}

export interface ChallengeBundle {
  yaml: BundleYaml;
  definition: ChallengeDefinition;
  pages: { title: string; file: string; markdown: string }[];
  /** Data files inside the bundle, by absolute path. */
  files: { dataset: string; name: string; access: FileLevel; path: string }[];
  /** The example submission and the phase whose truth scores it. */
  example?: { path: string; phase: string };
}

type FileLevel = "PUBLIC" | "PARTICIPANTS" | "ORGANIZERS" | "TRUTH";
const LEVEL: Record<string, FileLevel> = {
  public: "PUBLIC",
  participants: "PARTICIPANTS",
  organizers: "ORGANIZERS",
  truth: "TRUTH",
};
const DAY = 24 * 3600 * 1000;
const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** Where a bundle's files come from: a folder (folderSource) or, for the built-in demos, their embedded text. */
export interface BundleSource {
  /** A text file of the bundle, or null when it has none by that path. */
  text(rel: string): string | null;
  /** A data file's absolute path; or a reason it cannot be used (missing, leads outside the bundle). */
  dataFile(rel: string): { path: string } | { problem: string };
}

/** The files of a bundle folder; a path that leads out of it (a symbolic link) is refused. */
export function folderSource(dir: string): BundleSource {
  const resolve = (rel: string): { path: string } | { problem: string } => {
    const full = path.resolve(dir, rel);
    if (!existsSync(full) || !statSync(full).isFile()) return { problem: `${rel} does not exist in the bundle` };
    if (!realpathSync(full).startsWith(`${realpathSync(dir)}${path.sep}`))
      return { problem: `${rel} leads outside the bundle` };
    return { path: full };
  };
  return {
    text(rel) {
      const file = resolve(rel);
      return "path" in file ? readFileSync(file.path, "utf8") : null;
    },
    dataFile: resolve,
  };
}

/** A bundle folder, read and checked (see readBundleFrom). */
export function readBundle(dir: string, options: ReadBundleOptions = {}): ChallengeBundle {
  return readBundleFrom(folderSource(dir), options);
}

export function readBundleFrom(source: BundleSource, options: ReadBundleOptions = {}): ChallengeBundle {
  const text = source.text(BUNDLE_FILE);
  if (text === null)
    throw new BundleError([
      { file: BUNDLE_FILE, message: "not found: a bundle is a folder with challenge.yaml at its top" },
    ]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: BundleProblem[] = [];
  const at = (offset: number | undefined, message: string) => {
    const pos = offset === undefined ? undefined : lines.linePos(offset);
    problems.push({ file: BUNDLE_FILE, line: pos?.line, column: pos?.col, message });
  };
  for (const e of doc.errors) at(e.pos[0], e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""));
  if (problems.length) throw new BundleError(problems);
  const parsed = bundleSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(doc, issue, at);
    throw new BundleError(sortByPlace(problems));
  }
  const y = parsed.data;
  const where = (p: (string | number)[], message: string) => at(nodeOffset(doc, p), message);

  const pages = y.pages.flatMap((p, i) => {
    const markdown = source.text(p.file);
    if (markdown === null) {
      const file = source.dataFile(p.file);
      where(["pages", i, "file"], "problem" in file ? file.problem : `${p.file} does not exist in the bundle`);
      return [];
    }
    if (markdown.length > MAX_PAGE_CHARACTERS)
      where(
        ["pages", i, "file"],
        `${p.file} has ${markdown.length} characters; a page holds at most ${MAX_PAGE_CHARACTERS}`,
      );
    return [{ title: p.title, file: p.file, markdown }];
  });

  // Scoring: the scorer exists, says the keys, takes the settings.
  const metricKeys = y.scoring.metrics.map((m) => m.key);
  const facts = options.scorers?.[y.scoring.scorer];
  // The settings first: a configurable scorer's keys follow them.
  let produced = facts?.keys;
  let tasks: string[] | undefined;
  if (facts?.parseConfig) {
    try {
      facts.parseConfig(y.scoring.config);
      if (facts.keysFor) produced = facts.keysFor(y.scoring.config);
      tasks = facts.tasksFor?.(y.scoring.config);
    } catch (error) {
      const message = (error as Error).message;
      if (y.scoring.config === undefined) where(["scoring", "scorer"], message);
      else at(settingOffset(doc, ["scoring", "config"], message), message);
      produced = undefined;
    }
  } else if (facts && y.scoring.config !== undefined)
    where(["scoring", "config"], `the ${y.scoring.scorer} scorer takes no settings`);
  if (facts?.declaresKeys) produced = undefined;
  // The platform measures a code phase's runs: those metrics exist whatever the scorer.
  if (produced && y.phases.some((p) => p.kind === "code")) produced = [...produced, ...RUN_METRIC_KEYS];
  if (options.scorers && !facts)
    where(
      ["scoring", "scorer"],
      `no scorer "${y.scoring.scorer}" (the scorers: ${Object.keys(options.scorers).join(", ")})`,
    );
  y.scoring.metrics.forEach((m, i) => {
    if (metricKeys.indexOf(m.key) !== i) where(["scoring", "metrics", i, "key"], `the metric ${m.key} is listed twice`);
    const fixed = facts?.directions?.[m.key];
    if (fixed && m.direction !== fixed)
      where(["scoring", "metrics", i, "direction"], `${m.key} is better when ${fixed}: its direction must be ${fixed}`);
    if (produced && !produced.includes(m.key))
      where(
        ["scoring", "metrics", i, "key"],
        `the ${y.scoring.scorer} scorer does not produce "${m.key}"${y.scoring.config === undefined ? "" : " with these settings"} (it produces: ${produced.join(", ")})`,
      );
  });
  for (const k of ["primary", "secondary"] as const) {
    const key = y.scoring[k];
    if (key !== undefined && !metricKeys.includes(key))
      where(["scoring", k], `"${key}" is not one of scoring.metrics (${metricKeys.join(", ")})`);
  }
  if (y.scoring.blackBox)
    try {
      parseBlackBoxConfig(y.scoring.blackBox);
    } catch (error) {
      const message = (error as Error).message;
      at(settingOffset(doc, ["scoring", "blackBox"], message), message);
    }
  y.scoring.gates?.forEach((g, i) => {
    if (!metricKeys.includes(g.metric))
      where(
        ["scoring", "gates", i, "metric"],
        `"${g.metric}" is not one of scoring.metrics (${metricKeys.join(", ")})`,
      );
  });

  // Datasets and files.
  const files: ChallengeBundle["files"] = [];
  const declared = new Map<string, { access: FileLevel }>();
  const datasetNames = new Set<string>();
  y.datasets.forEach((d, i) => {
    if (datasetNames.has(d.name)) where(["datasets", i, "name"], `the dataset "${d.name}" is listed twice`);
    datasetNames.add(d.name);
    d.files?.forEach((f, j) => {
      if (declared.has(f.name)) where(["datasets", i, "files", j, "name"], `the file ${f.name} is listed twice`);
      declared.set(f.name, { access: LEVEL[f.access] });
      if (f.path) {
        const file = source.dataFile(f.path);
        if ("problem" in file) where(["datasets", i, "files", j, "path"], file.problem);
        else files.push({ dataset: d.name, name: f.name, access: LEVEL[f.access], path: file.path });
      }
    });
  });

  // Phases: names, dates in order, truth and keys declared at level truth.
  const now = options.now ?? new Date();
  const phaseNames = new Set<string>();
  y.phases.forEach((p, i) => {
    if (phaseNames.has(p.name)) where(["phases", i, "name"], `the phase "${p.name}" is listed twice`);
    phaseNames.add(p.name);
    const opens = resolveWhen(p.opens, now);
    const closes = p.closes === null ? null : resolveWhen(p.closes, now);
    if (Number.isNaN(opens.getTime())) where(["phases", i, "opens"], `${p.opens} is not a date`);
    else if (closes && Number.isNaN(closes.getTime())) where(["phases", i, "closes"], `${p.closes} is not a date`);
    else if (closes && closes <= opens)
      where(["phases", i, "closes"], `closes (${p.closes}) is not after opens (${p.opens})`);
    const checkFileAt = (name: string, at: (string | number)[], levels: FileLevel[]) => {
      const file = declared.get(name);
      if (!file) where(at, `no file named ${name} under datasets[].files`);
      else if (!levels.includes(file.access))
        where(
          at,
          `${name} must be at level ${levels.map((l) => l.toLowerCase()).join(" or ")}, not ${file.access.toLowerCase()}`,
        );
    };
    const checkTruthFile = (name: string, at: (string | number)[]) => checkFileAt(name, at, ["TRUTH"]);
    if (p.answerKey !== undefined) checkTruthFile(p.answerKey, ["phases", i, "answerKey"]);
    if (typeof p.truth === "string") {
      if (tasks) where(["phases", i, "truth"], `a multi-task phase names a truth file per task (${tasks.join(", ")})`);
      else checkTruthFile(p.truth, ["phases", i, "truth"]);
    } else if (p.truth !== undefined) {
      if (!tasks && facts)
        where(["phases", i, "truth"], `the ${y.scoring.scorer} scorer reads one truth file, not one per task`);
      for (const [task, name] of Object.entries(p.truth)) {
        if (tasks && !tasks.includes(task))
          where(["phases", i, "truth", task], `no task "${task}" (the tasks: ${tasks.join(", ")})`);
        checkTruthFile(name, ["phases", i, "truth", task]);
      }
      for (const task of tasks ?? [])
        if (!(task in p.truth)) where(["phases", i, "truth"], `no truth file for the task "${task}"`);
    }
    if (p.kind === "black-box" && !p.answerKey) where(["phases", i], "a black-box phase needs its answerKey");
    if (p.kind === "code") {
      if (!p.code) where(["phases", i], "a code phase needs its code settings (interface, inputs)");
      if (typeof p.truth !== "string")
        where(["phases", i], "a code phase needs the truth its predictions are scored against");
      if (p.code) {
        checkFileAt(p.code.inputs, ["phases", i, "code", "inputs"], ["TRUTH"]);
        if (p.code.sampleInputs)
          checkFileAt(p.code.sampleInputs, ["phases", i, "code", "sampleInputs"], ["PUBLIC", "PARTICIPANTS"]);
        if (p.code.training)
          checkFileAt(p.code.training, ["phases", i, "code", "training"], ["PUBLIC", "PARTICIPANTS"]);
        if (p.code.throughput && !metricKeys.includes("throughput"))
          where(
            ["phases", i, "code", "throughput"],
            "the throughput score needs a metric with key throughput in scoring.metrics",
          );
      }
      if (y.scoring.scorer === PROGRAM || tasks)
        where(
          ["phases", i, "kind"],
          `a code phase's predictions are scored by a built-in scorer, not by ${y.scoring.scorer}`,
        );
    } else if (p.code) where(["phases", i, "code"], "only code phases have code settings");
    if (p.rank !== undefined && !metricKeys.includes(p.rank))
      where(["phases", i, "rank"], `"${p.rank}" is not one of scoring.metrics (${metricKeys.join(", ")})`);
    if (y.scoring.scorer === PROGRAM && p.leaderboard?.publicFraction)
      where(
        ["phases", i, "leaderboard", "publicFraction"],
        "a scoring program scores the whole file: its phases have one leaderboard (no public/private split)",
      );
    if (p.kind !== "black-box" && p.answerKey)
      where(["phases", i, "answerKey"], "only black-box phases have an answer key");
  });
  if (y.scoring.scorer === PROGRAM && facts) {
    const name = (y.scoring.config as { program?: unknown } | undefined)?.program;
    const file = typeof name === "string" ? declared.get(name) : undefined;
    if (typeof name === "string" && !file)
      where(["scoring", "config", "program"], `no file named ${name} under datasets[].files`);
    else if (file && file.access !== "ORGANIZERS")
      where(["scoring", "config", "program"], `${name} must be at level organizers, not ${file.access.toLowerCase()}`);
  }
  let example: ChallengeBundle["example"];
  if (y.example) {
    const file = source.dataFile(y.example.file);
    const phase = y.example.phase ?? y.phases[0].name;
    if ("problem" in file) where(["example", "file"], file.problem);
    else if (!phaseNames.has(phase)) where(["example", "phase"], `no phase named "${phase}"`);
    else if (y.scoring.scorer === PROGRAM)
      where(["example"], "the example is dry-run by a built-in scorer: a challenge scored by its own program has none");
    else if (y.phases.find((p) => p.name === phase)?.kind === "code")
      where(
        ["example", "phase"],
        `${phase} is a code phase (it takes programs): the example is a prediction file for a phase that takes them`,
      );
    else example = { path: file.path, phase };
  }
  if (y.generator !== undefined && options.generators && !options.generators.includes(y.generator))
    where(["generator"], `no generator "${y.generator}" (built in: ${options.generators.join(", ") || "none"})`);

  if (problems.length) throw new BundleError(sortByPlace(problems));
  return { yaml: y, pages, files, ...(example ? { example } : {}), definition: toDefinition(y, pages) };
}

/** The challenge page's Markdown: the pages in order, each after the first under its title. */
export function joinPages(pages: readonly { title: string; markdown: string }[]): string {
  return pages.map((p, i) => (i === 0 ? p.markdown.trim() : `## ${p.title}\n\n${p.markdown.trim()}`)).join("\n\n");
}

/** A date-time, or a signed duration in days from `now`; an invalid date (2027-02-30, 25:00) is Invalid Date. */
export function resolveWhen(when: string, now: Date): Date {
  const days = /^(-?)P(\d+)D$/.exec(when);
  if (days) return new Date(now.getTime() + (days[1] ? -1 : 1) * Number(days[2]) * DAY);
  // Date would roll 2027-02-30 over to March: the calendar fields are checked first.
  const [y, mo, d, h, mi] = [0, 5, 8, 11, 14].map((at) => Number(when.slice(at, at + (at ? 2 : 4))));
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59) return new Date(Number.NaN);
  return new Date(when);
}

export function parseSize(size: number | string): number {
  if (typeof size === "number") return size;
  const m = /^(\d+(?:\.\d+)?)\s?(\w+)$/.exec(size)!;
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

function toDefinition(y: BundleYaml, pages: ChallengeBundle["pages"]): ChallengeDefinition {
  const primary = y.scoring.metrics.find((m) => m.key === y.scoring.primary)!;
  return {
    slug: y.slug,
    title: y.title,
    summary: y.summary,
    description: joinPages(pages),
    pages: pages.map((p) => ({ title: p.title, markdown: p.markdown })),
    scorer: y.scoring.scorer,
    primaryMetric: y.scoring.primary,
    higherIsBetter: primary.direction === "higher",
    ...(y.scoring.secondary ? { secondaryMetric: y.scoring.secondary } : {}),
    acceptingSubmissions: y.acceptingSubmissions,
    metrics: y.scoring.metrics.map((m) => ({
      key: m.key,
      label: m.label,
      format: m.format,
      higherIsBetter: m.direction === "higher",
    })),
    submissionFormat: y.submission.format,
    ...(y.scoring.config ? { scoringConfig: y.scoring.config } : {}),
    ...(y.scoring.gates?.length ? { gates: y.scoring.gates.map(toGate) } : {}),
    ...(y.scoring.blackBox ? { blackBox: y.scoring.blackBox } : {}),
    phases: y.phases.map(
      (p): PhaseDefinition => ({
        name: p.name,
        kind: p.kind === "black-box" ? "BLACK_BOX" : p.kind === "code" ? "CODE" : "STANDARD",
        ...(p.code ? { code: p.code } : {}),
        ...(p.rank ? { primaryMetric: p.rank } : {}),
        opens: p.opens,
        closes: p.closes,
        maxPerDay: p.limits.perDay,
        maxFileBytes: parseSize(p.limits.fileSize),
        ...(typeof p.truth === "string" ? { truthFile: p.truth } : {}),
        ...(p.truth && typeof p.truth === "object" ? { taskTruthFiles: p.truth } : {}),
        ...(p.answerKey ? { answerKeyFile: p.answerKey } : {}),
        ...(p.leaderboard ? { leaderboard: p.leaderboard } : {}),
      }),
    ),
    datasets: y.datasets.map((d) => ({ name: d.name, description: d.description })),
    files: y.datasets.flatMap((d) =>
      (d.files ?? []).map((f) => ({ dataset: d.name, name: f.name, access: LEVEL[f.access] })),
    ),
  };
}

type GateYaml = NonNullable<BundleYaml["scoring"]["gates"]>[number];
const GATE_OPS = [
  ["lessThan", "<"],
  ["atMost", "<="],
  ["greaterThan", ">"],
  ["atLeast", ">="],
] as const;

function toGate(g: GateYaml): Gate {
  const [key, op] = GATE_OPS.find(([k]) => g[k] !== undefined)!;
  return { metric: g.metric, label: g.label, op, value: g[key]! };
}

/** A gate in the bundle's words (export-bundle.ts writes it back). */
export function gateYaml(g: Gate): GateYaml {
  const [key] = GATE_OPS.find(([, op]) => op === g.op)!;
  return { metric: g.metric, label: g.label, [key]: g.value };
}

/**
 * Where a settings error points: its message starts with the path of the
 * setting at fault ("tasks.1.config.truth.id: …"), located under `base`
 * (scoring.config, scoring.blackBox) as deep as the YAML has it.
 */
function settingOffset(doc: Document, base: string[], message: string): number | undefined {
  const m = /^([\w.]+): /.exec(message);
  const p: (string | number)[] = [...base, ...(m ? m[1].split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [])];
  for (let k = p.length; k >= base.length; k--) {
    const offset = nodeOffset(doc, p.slice(0, k));
    if (offset !== undefined) return offset;
  }
  return undefined;
}

/** The issue of zod at its YAML node: the key itself for an unknown key, else the value. */
function reportIssue(doc: Document, issue: z.core.$ZodIssue, at: (offset: number | undefined, m: string) => void) {
  const p = issue.path as (string | number)[];
  const name = p.length
    ? p
        .map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`))
        .join("")
        .slice(1)
    : "(top level)";
  if (issue.code === "unrecognized_keys") {
    const map = doc.getIn(p, true);
    for (const key of issue.keys) {
      const pair = isMap(map) ? map.items.find((it) => isScalar(it.key) && it.key.value === key) : undefined;
      const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      at(offset, `${p.length ? `${name}: ` : ""}unknown key "${key}"`);
    }
    return;
  }
  // A missing key: at the nearest node that exists, naming it.
  let offset: number | undefined;
  for (let k = p.length; offset === undefined && k >= 0; k--) offset = nodeOffset(doc, p.slice(0, k));
  at(offset, `${name}: ${issue.message}`);
}

function nodeOffset(doc: Document, p: (string | number)[]): number | undefined {
  const node = p.length ? doc.getIn(p, true) : doc.contents;
  return (node as { range?: [number, number, number] } | undefined)?.range?.[0];
}

function sortByPlace(problems: BundleProblem[]): BundleProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
