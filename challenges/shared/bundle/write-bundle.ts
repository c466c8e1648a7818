// Writes a challenge as a bundle: challenge.yaml and its pages, the inverse
// of read-bundle.ts (export, then create, gives the same challenge). Data
// files are written by the caller; challenge.yaml names them.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import type { ChallengeDefinition } from "../definition.ts";
import type { BundleYaml } from "./bundle-schema.ts";
import { BUNDLE_FILE, gateYaml } from "./read-bundle.ts";

const ACCESS = { PUBLIC: "public", PARTICIPANTS: "participants", ORGANIZERS: "organizers", TRUTH: "truth" } as const;

export interface BundleFileRef {
  dataset: string;
  name: string;
  access: keyof typeof ACCESS;
  /** The file's path inside the bundle, when it is written there. */
  path?: string;
  /** The content's SHA-256, for a file the platform stores (an export). */
  sha256?: string;
}

/** A byte count as the bundle writes it: "100 MiB" when it is a whole number of a binary unit. */
export function sizeText(bytes: number): number | string {
  for (const [unit, n] of [
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const)
    if (bytes >= n && bytes % n === 0) return `${bytes / n} ${unit}`;
  return bytes;
}

/** A file name for a page title: "01-loading-the-data.md". */
const pageFile = (i: number, title: string) =>
  `pages/${String(i + 1).padStart(2, "0")}-${
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "page"
  }.md`;

export function bundleYamlOf(
  def: ChallengeDefinition,
  { files = def.files, generator }: { files?: BundleFileRef[]; generator?: string } = {},
): BundleYaml {
  return {
    slug: def.slug,
    title: def.title,
    summary: def.summary,
    pages: def.pages.map((p, i) => ({ title: p.title, file: pageFile(i, p.title) })),
    submission: { format: def.submissionFormat },
    scoring: {
      scorer: def.scorer,
      ...(def.scoringConfig ? { config: def.scoringConfig as Record<string, unknown> } : {}),
      primary: def.primaryMetric,
      ...(def.secondaryMetric ? { secondary: def.secondaryMetric } : {}),
      metrics: def.metrics.map((m) => ({
        key: m.key,
        label: m.label,
        format: m.format,
        direction: m.higherIsBetter ? "higher" : "lower",
      })),
      ...(def.blackBox ? { blackBox: def.blackBox as BundleYaml["scoring"]["blackBox"] } : {}),
      ...(def.gates?.length ? { gates: def.gates.map(gateYaml) } : {}),
    },
    datasets: def.datasets.map((d) => {
      const mine = files.filter((f) => f.dataset === d.name);
      return {
        name: d.name,
        description: d.description,
        ...(mine.length
          ? {
              files: mine.map((f) => ({
                name: f.name,
                access: ACCESS[f.access],
                ...("path" in f && f.path ? { path: f.path } : {}),
                ...("sha256" in f && f.sha256 ? { sha256: f.sha256 } : {}),
              })),
            }
          : {}),
      };
    }),
    phases: def.phases.map((p) => ({
      name: p.name,
      kind: p.kind === "BLACK_BOX" ? "black-box" : p.kind === "CODE" ? "code" : "standard",
      opens: p.opens,
      closes: p.closes,
      limits: { perDay: p.maxPerDay, fileSize: sizeText(p.maxFileBytes) },
      ...(p.truthFile ? { truth: p.truthFile } : {}),
      ...(p.taskTruthFiles ? { truth: p.taskTruthFiles } : {}),
      ...(p.answerKeyFile ? { answerKey: p.answerKeyFile } : {}),
      ...(p.code ? { code: p.code as NonNullable<BundleYaml["phases"][number]["code"]> } : {}),
      ...(p.primaryMetric ? { rank: p.primaryMetric } : {}),
      ...(p.leaderboard && Object.keys(p.leaderboard).length ? { leaderboard: p.leaderboard } : {}),
    })),
    acceptingSubmissions: def.acceptingSubmissions,
    ...(generator ? { generator } : {}),
  };
}

/** Writes challenge.yaml and the pages into `dir`; `schemaRef` is the editor hint to the JSON Schema. */
export function writeBundle(dir: string, def: ChallengeDefinition, yaml: BundleYaml, schemaRef?: string): void {
  mkdirSync(path.join(dir, "pages"), { recursive: true });
  yaml.pages.forEach((p, i) => writeFileSync(path.join(dir, p.file), `${def.pages[i].markdown.trim()}\n`));
  const header = schemaRef ? `# yaml-language-server: $schema=${schemaRef}\n` : "";
  writeFileSync(path.join(dir, BUNDLE_FILE), header + stringify(yaml, { lineWidth: 0 }));
}
