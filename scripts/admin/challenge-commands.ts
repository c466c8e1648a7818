// Challenges: creation from packages and bundles, export, roles, limits, access, the FPGA budget.
import { rmSync } from "node:fs";
import { z } from "zod";
import { setFpgaBudget } from "@unblind/platform/challenges/fpga-budget-settings.ts";
import {
  getChallengeSettings,
  grantOnChallenge,
  setChallengeAccess,
} from "@unblind/platform/challenges/challenge-settings.ts";
import { createChallengeFromBundle } from "@unblind/platform/challenges/create-from-bundle.ts";
import { createChallengeFromPackage, listChallengePackages } from "@unblind/platform/challenges/create-from-package.ts";
import { exportChallengeBundle } from "@unblind/platform/challenges/export-bundle.ts";
import { bundleFolder } from "@unblind/platform/challenges/unpack-bundle.ts";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { setChallengeRole } from "@unblind/platform/challenges/set-challenge-role.ts";
import { setAcceptingSubmissions, setPhaseLimits } from "@unblind/platform/challenges/set-phase-limits.ts";
import { command, json, OPERATOR, oneOf, positiveNumber, required, wholeNumber } from "./command.ts";

const GRANTS = ["visible-to", "eligible", "also-required", "organizers"] as const;

export const challengeCommands = {
  "challenge list": command({
    args: "",
    options: z.object({}),
    async run(platform) {
      const rows = (await listChallenges(platform, OPERATOR))
        .map((c) => ({
          slug: c.slug,
          title: c.title,
          acceptingSubmissions: c.acceptingSubmissions,
          status: c.status.state,
        }))
        .sort((a, b) => a.slug.localeCompare(b.slug));
      return { json: rows, text: rows.map((c) => `${c.slug.padEnd(20)} ${c.status.padEnd(8)} ${c.title}`).join("\n") };
    },
  }),
  "challenge role": command({
    args: "--slug <s> --email <e> --role organizer|participant",
    note: "audited as admin-cli",
    options: z.object({
      slug: required("slug"),
      email: required("email"),
      role: oneOf("role", { organizer: "ORGANIZER" as const, participant: "PARTICIPANT" as const }),
    }),
    async run(platform, o) {
      const { slug, email, role } = await setChallengeRole(platform, OPERATOR, o);
      return { json: { slug, email, role }, text: `${email} is ${role} of ${slug}` };
    },
  }),
  "challenge limits": command({
    args: "--slug <s> [--max-per-day <n>] [--max-file-mb <n>]",
    note: "the open phase; prints the previous values; audited as admin-cli",
    options: z.object({
      slug: required("slug"),
      "max-per-day": wholeNumber("max-per-day").optional(),
      "max-file-mb": wholeNumber("max-file-mb").optional(),
    }),
    async run(platform, o) {
      const fileMb = o["max-file-mb"];
      const { previous, now } = await setPhaseLimits(platform, OPERATOR, {
        slug: o.slug,
        maxPerDay: o["max-per-day"],
        maxFileBytes: fileMb === undefined ? undefined : fileMb * 1024 * 1024,
      });
      return {
        json: { previous, now },
        text: `${o.slug} / ${now.phase}: ${now.maxPerDay} per day, files up to ${now.maxFileBytes} bytes (was ${previous.maxPerDay}, ${previous.maxFileBytes})`,
      };
    },
  }),
  "challenge budget": command({
    args: "--slug <s> --config <json>",
    note: "the FPGA track's device, clockNs, constraints and figureOfMerit; re-scores the challenge",
    options: z.object({ slug: required("slug"), config: json("config", '{"clockNs": 5}') }),
    async run(platform, o) {
      const result = await setFpgaBudget(platform, OPERATOR, o);
      return {
        json: { slug: o.slug, ...result },
        text: `${o.slug}: FPGA budget ${JSON.stringify(result.config)}; ${result.rescored} submission(s) re-queued`,
      };
    },
  }),
  "challenge grant": command({
    args: "--slug <s> (--visible-to | --eligible | --also-required | --organizers) <group>",
    note: "audited as admin-cli",
    options: z
      .object({ slug: required("slug"), ...Object.fromEntries(GRANTS.map((g) => [g, z.string().optional()])) })
      .transform((o, ctx) => {
        const given = GRANTS.filter((g) => (o as Record<string, string | undefined>)[g] !== undefined);
        if (given.length !== 1) {
          ctx.addIssue({ code: "custom", message: `give exactly one of ${GRANTS.map((g) => `--${g}`).join(", ")}` });
          return z.NEVER;
        }
        return { slug: o.slug, grant: given[0], group: (o as Record<string, string>)[given[0]] };
      }),
    async run(platform, o) {
      const settings = await grantOnChallenge(platform, OPERATOR, o.slug, o.grant, o.group);
      return { json: { slug: o.slug, ...settings }, text: `${o.slug}: ${JSON.stringify(settings)}` };
    },
  }),
  "challenge visibility": command({
    args: "--slug <s> --to public|restricted",
    note: "audited as admin-cli",
    options: z.object({
      slug: required("slug"),
      to: oneOf("to", { public: "PUBLIC" as const, restricted: "RESTRICTED" as const }),
    }),
    async run(platform, o) {
      const current = await getChallengeSettings(platform, OPERATOR, o.slug);
      const settings = await setChallengeAccess(platform, OPERATOR, o.slug, { ...current, visibility: o.to });
      return { json: { slug: o.slug, ...settings }, text: `${o.slug} is ${settings.visibility.toLowerCase()}` };
    },
  }),
  "challenge accepting": command({
    args: "--slug <s> --to yes|no",
    note: "audited as admin-cli",
    options: z.object({ slug: required("slug"), to: oneOf("to", { yes: "yes" as const, no: "no" as const }) }),
    async run(platform, o) {
      const result = await setAcceptingSubmissions(platform, OPERATOR, { slug: o.slug, accepting: o.to === "yes" });
      return { json: result, text: `${o.slug} ${o.to === "yes" ? "accepts" : "does not accept"} submissions` };
    },
  }),
  "challenge packages": command({
    args: "",
    options: z.object({}),
    async run() {
      const packages = listChallengePackages();
      return {
        json: packages,
        text: packages.map((p) => `${p.package.padEnd(20)} ${p.title} (phases: ${p.phases.join(", ")})`).join("\n"),
      };
    },
  }),
  "challenge create": command({
    args: "--package <p> | --bundle <dir|.zip|.tar.gz> [--slug <s>] [--title <t>] [--organizer <email>] [--no-data] [--scale <x>] [--hits <n>] [--check]",
    note: "audited as admin-cli; --check validates a bundle and shows what it would create, creating nothing",
    options: z
      .object({
        package: z.string().optional(),
        bundle: z.string().optional(),
        slug: z.string().optional(),
        title: z.string().optional(),
        organizer: z.string().optional(),
        "no-data": z.boolean().optional(),
        scale: positiveNumber("scale").optional(),
        hits: positiveNumber("hits").optional(),
        check: z.boolean().optional(),
      })
      .refine((o) => !!o.package !== !!o.bundle, "give either --package or --bundle"),
    async run(platform, o) {
      const size = { scale: o.scale, hitsPerEvent: o.hits };
      if (o.bundle) {
        const dir = await bundleFolder(o.bundle);
        const result = await createChallengeFromBundle(platform, OPERATOR, {
          dir,
          slug: o.slug,
          organizerEmail: o.organizer,
          size,
          dryRun: o.check,
        }).finally(() => {
          // An archive was unpacked into a temporary folder of our own.
          if (dir !== o.bundle) rmSync(dir, { recursive: true, force: true });
        });
        if (!result.created)
          return {
            json: result,
            text: `the bundle is valid; it would create:\n${JSON.stringify(result.preview, null, 2)}`,
          };
        return {
          json: result,
          text: `challenge ${result.slug} created from its bundle: phases ${result.phases.join(", ")}; ${result.files} file(s) published`,
        };
      }
      const created = await createChallengeFromPackage(platform, OPERATOR, {
        package: o.package!,
        slug: o.slug,
        title: o.title,
        organizerEmail: o.organizer,
        syntheticData: !o["no-data"],
        size,
      });
      return {
        json: created,
        text: `challenge ${created.slug} created from ${created.package}: phases ${created.phases.join(", ")}; ${created.files} file(s) published`,
      };
    },
  }),
  "challenge export": command({
    args: "--slug <s> --out <dir>",
    note: "writes challenge.yaml and its pages; data files are named by SHA-256 (created again from storage)",
    options: z.object({ slug: required("slug"), out: required("out") }),
    async run(platform, o) {
      const result = await exportChallengeBundle(platform, OPERATOR, { slug: o.slug, out: o.out });
      return {
        json: result,
        text: `${result.slug} exported to ${result.out}: ${result.pages} page(s), ${result.phases} phase(s), ${result.files} file(s) by SHA-256`,
      };
    },
  }),
};
