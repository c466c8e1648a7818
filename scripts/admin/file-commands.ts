// Dataset files: versions, levels, uploads.
import { z } from "zod";
import { getChallengeSettings, setFileLevel } from "@unblind/platform/challenges/challenge-settings.ts";
import { getBlindDerivation, requestBlindDerivation } from "@unblind/platform/datasets/blind-derivation.ts";
import { fileKeys } from "@unblind/platform/datasets/file-keys.ts";
import { deleteDatasetFile, listDatasetFiles, purgeDatasetFile } from "@unblind/platform/datasets/manage-files.ts";
import { uploadFile } from "../upload-dataset-file.ts";
import { command, OPERATOR, oneOf, required } from "./command.ts";

const LEVELS = {
  public: "PUBLIC" as const,
  participants: "PARTICIPANTS" as const,
  organizers: "ORGANIZERS" as const,
  truth: "TRUTH" as const,
};

const remove = (purge: boolean) =>
  command({
    args: "--slug <s> --file <id>",
    note: purge ? "removes a deleted or replaced version no score used" : "soft delete: hidden, object kept",
    options: z.object({ slug: required("slug"), file: required("file") }),
    async run(platform, o) {
      const done = await (purge ? purgeDatasetFile : deleteDatasetFile)(platform, OPERATOR, {
        slug: o.slug,
        fileId: o.file,
      });
      return { json: done, text: `${done.name} v${done.version} ${done.state}` };
    },
  });

/** "Dataset name/file name": the dataset may hold spaces, the file name may not hold "/". */
const datasetFile = (name: string) =>
  required(name)
    .refine((v) => v.lastIndexOf("/") > 0 && v.lastIndexOf("/") < v.length - 1, `--${name} is "<dataset>/<file name>"`)
    .transform((v) => ({ dataset: v.slice(0, v.lastIndexOf("/")), name: v.slice(v.lastIndexOf("/") + 1) }));
const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

export const fileCommands = {
  "file list": command({
    args: "--slug <s>",
    options: z.object({ slug: required("slug") }),
    async run(platform, o) {
      const { files } = await getChallengeSettings(platform, OPERATOR, o.slug);
      const keys = await fileKeys(platform, OPERATOR, o.slug);
      const rows = files.map((f) => ({ ...f, key: keys.get(f.id) }));
      return {
        json: rows,
        text: rows.map((f) => `${f.id}  ${f.level.toLowerCase().padEnd(12)} ${f.dataset} / ${f.name}`).join("\n"),
      };
    },
  }),
  "file level": command({
    args: "--slug <s> --file <name> --level public|participants|organizers|truth",
    note: "audited as admin-cli",
    options: z.object({ slug: required("slug"), file: required("file"), level: oneOf("level", LEVELS) }),
    async run(platform, o) {
      const file = await setFileLevel(platform, OPERATOR, o);
      return {
        json: { slug: o.slug, file: file.name, level: file.access.toLowerCase() },
        text: `${o.slug} / ${file.name}: ${file.access.toLowerCase()}`,
      };
    },
  }),
  "file upload": command({
    args: "--slug <s> --dataset <d> --path <file> [--name <n>] [--level <l>]",
    note: "a new version; resumable multipart upload, SHA-256 checked from S3",
    options: z.object({
      slug: required("slug"),
      dataset: required("dataset"),
      path: required("path"),
      name: z.string().optional(),
      level: z.string().optional(),
    }),
    async run(platform, o) {
      const file = await uploadFile(platform, o);
      return {
        json: file,
        text: `${o.slug} / ${file.name} v${file.version} published (${file.size} bytes, SHA-256 ${file.sha256}, ${file.access.toLowerCase()})`,
      };
    },
  }),
  "file derive-blind": command({
    args: "--slug <s> --source <dataset>/<file> --key <pandas key> --answer-columns <a,b,…> --participant <dataset>/<file> --answer-key <dataset>/<file> [--truth-of <phase,…>] [--wait]",
    note: "hosts a labelled file blind: a sandboxed job writes the participant file (minus the answer columns) and the sealed key",
    options: z.object({
      slug: required("slug"),
      source: datasetFile("source"),
      key: required("key"),
      "answer-columns": required("answer-columns"),
      participant: datasetFile("participant"),
      "answer-key": datasetFile("answer-key"),
      "truth-of": z.string().optional(),
      wait: z.boolean().optional(),
    }),
    async run(platform, o) {
      let d = await requestBlindDerivation(platform, OPERATOR, {
        challengeSlug: o.slug,
        source: o.source,
        frameKey: o.key,
        answerColumns: list(o["answer-columns"]),
        participant: o.participant,
        answerKey: o["answer-key"],
        truthOf: list(o["truth-of"]),
      });
      while (o.wait && (d.status === "QUEUED" || d.status === "RUNNING")) {
        await new Promise((r) => setTimeout(r, 1000));
        d = await getBlindDerivation(platform, OPERATOR, d.id);
      }
      return {
        json: d,
        text: `derivation ${d.id}: ${d.status.toLowerCase()}${d.error ? ` (${d.error})` : ""}`,
      };
    },
  }),
  "file derivation": command({
    args: "--id <derivation>",
    options: z.object({ id: required("id") }),
    async run(platform, o) {
      const d = await getBlindDerivation(platform, OPERATOR, o.id);
      return { json: d, text: `derivation ${d.id}: ${d.status.toLowerCase()}${d.error ? ` (${d.error})` : ""}` };
    },
  }),
  "file versions": command({
    args: "--slug <s>",
    options: z.object({ slug: required("slug") }),
    async run(platform, o) {
      const datasets = await listDatasetFiles(platform, OPERATOR, o.slug);
      const lines = datasets.flatMap((d) =>
        d.files.map(
          (f) =>
            `${f.id}  ${d.name} / ${f.name} v${f.version}  ${f.state.padEnd(10)} ${f.level.toLowerCase().padEnd(12)} ${f.size} B  ${f.scores} score(s)  ${f.sha256}`,
        ),
      );
      return { json: datasets, text: lines.join("\n") };
    },
  }),
  "file delete": remove(false),
  "file purge": remove(true),
};
