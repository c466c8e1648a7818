// `npm run -s admin -- <command>`: operator commands, idempotent where that
// makes sense; `--json` prints machine-readable output. The database is
// DATABASE_URL, else the embedded one of a running `npm start` in DATA_DIR,
// else the embedded one of a stopped platform in DATA_DIR, started for this
// command; never a new, empty one (a mistyped DATA_DIR is refused).
//
//   user create --email <e> [--name <n>]
//   user site-role --email <e> --to admin|user   (site admins create challenges and organize every one; audited as admin-cli)
//   user disable|enable --email <e>   (ends the user's sessions at once, stops their tokens, refuses sign-in; audited as admin-cli)
//   token create --email <e> --scopes read,submit [--challenge <slug>] [--expires <days>] [--name <n>]
//   challenge list
//   challenge role --slug <s> --email <e> --role organizer|participant   (audited as admin-cli)
//   challenge limits --slug <s> [--max-per-day <n>] [--max-file-mb <n>]   (the open phase; prints the previous values)
//   challenge budget --slug <s> --config <json>   (the FPGA track's device and limits; re-scores the challenge)
//   group create --name <n> --owner <email> [--policy closed|open|approval] [--privacy admins|members|users|public] [--expires <date>] [--type static|dynamic|sso] [--rule <json>]
//   group add|remove --name <n> (--email <e> | --group <g>) [--until <date>]   (audited as admin-cli)
//   challenge grant --slug <s> (--visible-to | --eligible | --also-required | --organizers) <group>   (audited as admin-cli)
//   challenge visibility --slug <s> --to public|restricted   (audited as admin-cli)
//   file list --slug <s>
//   file level --slug <s> --file <name> --level public|participants|organizers|truth   (audited as admin-cli)
//   audit list [--slug <s>] [--actor <email>] [--limit <n>]
//   group show --name <n>
//   challenge accepting --slug <s> --to yes|no   (audited as admin-cli)
//   box show --slug <s> --box <name>
//   box open --slug <s> --box <name> --confirm <name>   (cannot be undone; audited as admin-cli)
//   phase deadline --slug <s> --phase <name> --to <date|now|none>   (audited as admin-cli)
//   challenge packages
//   challenge create --package <p> [--slug <s>] [--title <t>] [--organizer <email>] [--no-data] [--scale <x>] [--hits <n>]   (audited as admin-cli)
//   file upload --slug <s> --dataset <d> --path <file> [--name <n>] [--level <l>]   (a new version; resumable multipart upload, SHA-256 checked from S3)
//   file versions --slug <s>
//   file delete|purge --slug <s> --file <id>   (soft delete; purge removes a deleted or replaced version no score used)
//   leaderboard reveal --slug <s> --phase <name> --confirm <name>   (after the close; cannot be undone; audited as admin-cli)
//   leaderboard refresh --slug <s>   (re-materialise every phase's board now)
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { setFpgaBudget } from "@unblind/platform/challenges/fpga-budget-settings.ts";
import { EnvError, loadEnv, parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from "@unblind/platform/embedded/start-postgres.ts";
import { setUserDisabled } from "@unblind/platform/users/session-caller.ts";
import { setChallengeRole } from "@unblind/platform/challenges/set-challenge-role.ts";
import { challengeStatus, statusPhaseSelect } from "@unblind/platform/challenges/challenge-status.ts";
import { runningEmbeddedS3 } from "@unblind/platform/embedded/start-s3.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { refreshLeaderboard } from "@unblind/platform/leaderboard/refresh-leaderboard.ts";
import { revealPrivateLeaderboard } from "@unblind/platform/leaderboard/reveal-private-leaderboard.ts";
import { createPlatform, type Platform } from "@unblind/platform/platform.ts";
import { currentPhase } from "@unblind/platform/submissions/submission-limits.ts";
import { addGroupMember, createGroup, removeGroupMember } from "@unblind/platform/groups/manage-groups.ts";
import { createApiToken } from "@unblind/platform/tokens/create-api-token.ts";
import {
  getChallengeSettings,
  grantOnChallenge,
  setChallengeAccess,
  setFileLevel,
} from "@unblind/platform/challenges/challenge-settings.ts";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { getGroup } from "@unblind/platform/groups/group-directory.ts";
import { recordAudit } from "@unblind/platform/audit/record-audit.ts";
import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { openBox } from "@unblind/platform/black-boxes/open-box.ts";
import { setPhaseDeadline } from "@unblind/platform/challenges/set-phase-deadline.ts";
import { createChallengeFromPackage, listChallengePackages } from "@unblind/platform/challenges/create-from-package.ts";
import { deleteDatasetFile, listDatasetFiles, purgeDatasetFile } from "@unblind/platform/datasets/manage-files.ts";
import { uploadFile } from "./upload-dataset-file.ts";

const USAGE = `usage: npm run -s admin -- <command> [--json]
  user create --email <e> [--name <n>]
  user site-role --email <e> --to admin|user
  user disable|enable --email <e>
  token create --email <e> --scopes read,submit [--challenge <slug>] [--expires <days>] [--name <n>]
  challenge list
  challenge role --slug <s> --email <e> --role organizer|participant
  challenge limits --slug <s> [--max-per-day <n>] [--max-file-mb <n>]
  challenge budget --slug <s> --config <json>   (FPGA track: device, clockNs, constraints, figureOfMerit; re-scores)
  group create --name <n> --owner <email> [--policy closed|open|approval] [--privacy admins|members|users|public] [--expires <date>] [--type static|dynamic|sso] [--rule <json>]
  group add|remove --name <n> (--email <e> | --group <g>) [--until <date>]
  challenge grant --slug <s> (--visible-to | --eligible | --also-required | --organizers) <group>
  challenge visibility --slug <s> --to public|restricted
  file list --slug <s>
  file level --slug <s> --file <name> --level public|participants|organizers|truth
  audit list [--slug <s>] [--actor <email>] [--limit <n>]
  group show --name <n>
  challenge accepting --slug <s> --to yes|no
  box show --slug <s> --box <name>
  box open --slug <s> --box <name> --confirm <name>
  phase deadline --slug <s> --phase <name> --to <date|now|none>
  challenge packages
  challenge create --package <p> [--slug <s>] [--title <t>] [--organizer <email>] [--no-data] [--scale <x>] [--hits <n>]
  file upload --slug <s> --dataset <d> --path <file> [--name <n>] [--level <l>]
  file versions --slug <s>
  file delete|purge --slug <s> --file <id>
  leaderboard reveal --slug <s> --phase <name> --confirm <name>
  leaderboard refresh --slug <s>`;

/** The operator, for use cases that need a caller: a site admin whose audit events read "admin-cli". */
const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };
const GRANTS = ["visible-to", "eligible", "also-required", "organizers"] as const;

class UsageError extends Error {}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    scopes: { type: "string" },
    challenge: { type: "string" },
    expires: { type: "string" },
    slug: { type: "string" },
    role: { type: "string" },
    "max-per-day": { type: "string" },
    "max-file-mb": { type: "string" },
    config: { type: "string" },
    owner: { type: "string" },
    policy: { type: "string" },
    privacy: { type: "string" },
    group: { type: "string" },
    until: { type: "string" },
    "visible-to": { type: "string" },
    eligible: { type: "string" },
    "also-required": { type: "string" },
    organizers: { type: "string" },
    file: { type: "string" },
    level: { type: "string" },
    to: { type: "string" },
    type: { type: "string" },
    rule: { type: "string" },
    actor: { type: "string" },
    limit: { type: "string" },
    box: { type: "string" },
    confirm: { type: "string" },
    package: { type: "string" },
    phase: { type: "string" },
    title: { type: "string" },
    organizer: { type: "string" },
    "no-data": { type: "boolean", default: false },
    scale: { type: "string" },
    hits: { type: "string" },
    dataset: { type: "string" },
    path: { type: "string" },
    json: { type: "boolean", default: false },
  },
});

function need(name: keyof typeof values): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`missing --${name}`);
  return v;
}

function dateOption(name: "expires" | "until"): Date | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`--${name} must be a date such as 2027-06-30 or 2027-06-30T12:00:00Z`);
  return d;
}

async function userByEmail(platform: Platform, email: string) {
  const user = await platform.db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, siteRole: true, email: true },
  });
  if (!user) throw new AppError("NOT_FOUND", `No user ${email}; create it with: user create --email ${email}`);
  return user;
}

async function run(platform: Platform, [noun, verb]: string[]): Promise<{ json: unknown; text: string }> {
  const { db } = platform;
  switch (`${noun} ${verb}`) {
    case "user create": {
      const email = need("email").toLowerCase();
      const user = await db.user.upsert({
        where: { email },
        create: { email, name: values.name ?? null },
        update: values.name ? { name: values.name } : {},
        select: { id: true, email: true, name: true },
      });
      return { json: user, text: `user ${user.email} (${user.id})` };
    }
    case "user site-role": {
      const to = need("to").toUpperCase();
      if (to !== "ADMIN" && to !== "USER") throw new UsageError("--to must be admin or user");
      const user = await userByEmail(platform, need("email"));
      await db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { siteRole: to } });
        await recordAudit(tx, {
          actorId: OPERATOR.userId,
          action: "user.site_role_changed",
          subjectType: "User",
          subjectId: user.id,
          data: { email: user.email, before: user.siteRole, after: to },
        });
      });
      return {
        json: { email: user.email, siteRole: to.toLowerCase(), was: user.siteRole.toLowerCase() },
        text: `${user.email} is a site ${to.toLowerCase()} (was ${user.siteRole.toLowerCase()}); API tokens at once, browser sessions at their next refresh`,
      };
    }
    case "user disable":
    case "user enable": {
      const result = await setUserDisabled(platform, OPERATOR, { email: need("email"), disabled: verb === "disable" });
      return {
        json: result,
        text: `${result.email} is ${result.disabled ? "disabled: its sessions have ended and its tokens stopped" : "enabled"}`,
      };
    }
    case "token create": {
      const user = await userByEmail(platform, need("email"));
      const expires = values.expires === undefined ? undefined : Number(values.expires);
      const created = await createApiToken(
        platform,
        { userId: user.id, siteRole: user.siteRole },
        {
          name: values.name ?? "admin-cli",
          scopes: need("scopes")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          challengeSlug: values.challenge,
          expiresInDays: expires,
        },
      );
      return { json: created, text: created.token };
    }
    case "challenge list": {
      const rows = (
        await db.challenge.findMany({
          select: { slug: true, title: true, acceptingSubmissions: true, phases: { select: statusPhaseSelect } },
          orderBy: { slug: "asc" },
        })
      ).map(({ phases, ...c }) => ({
        ...c,
        status: challengeStatus({ acceptingSubmissions: c.acceptingSubmissions, phases }).state,
      }));
      return { json: rows, text: rows.map((c) => `${c.slug.padEnd(20)} ${c.status.padEnd(8)} ${c.title}`).join("\n") };
    }
    case "challenge role": {
      const role = need("role").toUpperCase();
      if (role !== "ORGANIZER" && role !== "PARTICIPANT")
        throw new UsageError("--role must be organizer or participant");
      const {
        slug,
        email,
        role: granted,
      } = await setChallengeRole(platform, OPERATOR, { slug: need("slug"), email: need("email"), role });
      return { json: { slug, email, role: granted }, text: `${email} is ${granted} of ${slug}` };
    }
    case "challenge limits": {
      const slug = need("slug");
      const challenge = await db.challenge.findUnique({
        where: { slug },
        select: {
          phases: {
            select: { id: true, name: true, opensAt: true, closesAt: true, maxPerDay: true, maxFileBytes: true },
          },
        },
      });
      if (!challenge) throw new AppError("NOT_FOUND", `No challenge "${slug}".`);
      const phase = currentPhase(challenge.phases) ?? challenge.phases.at(-1);
      if (!phase) throw new AppError("NOT_FOUND", `Challenge "${slug}" has no phase.`);
      const count = (name: "max-per-day" | "max-file-mb") => {
        const v = values[name];
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
        return Number(v);
      };
      const perDay = count("max-per-day");
      const fileMb = count("max-file-mb");
      const previous = { phase: phase.name, maxPerDay: phase.maxPerDay, maxFileBytes: Number(phase.maxFileBytes) };
      await db.phase.update({
        where: { id: phase.id },
        data: {
          ...(perDay === undefined ? {} : { maxPerDay: perDay }),
          ...(fileMb === undefined ? {} : { maxFileBytes: BigInt(fileMb) * 1024n * 1024n }),
        },
      });
      const now = {
        ...previous,
        ...(perDay === undefined ? {} : { maxPerDay: perDay }),
        ...(fileMb === undefined ? {} : { maxFileBytes: fileMb * 1024 * 1024 }),
      };
      return {
        json: { previous, now },
        text: `${slug} / ${phase.name}: ${now.maxPerDay} per day, files up to ${now.maxFileBytes} bytes (was ${previous.maxPerDay}, ${previous.maxFileBytes})`,
      };
    }
    case "challenge budget": {
      let config: unknown;
      try {
        config = JSON.parse(need("config"));
      } catch (error) {
        throw new UsageError(`--config is not valid JSON: ${(error as Error).message}`);
      }
      const result = await setFpgaBudget(platform, OPERATOR, { slug: need("slug"), config });
      return {
        json: { slug: values.slug, ...result },
        text: `${values.slug}: FPGA budget ${JSON.stringify(result.config)}; ${result.rescored} submission(s) re-queued`,
      };
    }
    case "challenge grant": {
      const given = GRANTS.filter((g) => values[g] !== undefined);
      if (given.length !== 1) throw new UsageError(`give exactly one of ${GRANTS.map((g) => `--${g}`).join(", ")}`);
      const settings = await grantOnChallenge(platform, OPERATOR, need("slug"), given[0], need(given[0]));
      return { json: { slug: values.slug, ...settings }, text: `${values.slug}: ${JSON.stringify(settings)}` };
    }
    case "challenge visibility": {
      const to = need("to").toUpperCase();
      if (to !== "PUBLIC" && to !== "RESTRICTED") throw new UsageError("--to must be public or restricted");
      const current = await getChallengeSettings(platform, OPERATOR, need("slug"));
      const settings = await setChallengeAccess(platform, OPERATOR, need("slug"), { ...current, visibility: to });
      return {
        json: { slug: values.slug, ...settings },
        text: `${values.slug} is ${settings.visibility.toLowerCase()}`,
      };
    }
    case "challenge accepting": {
      const to = need("to");
      if (to !== "yes" && to !== "no") throw new UsageError("--to must be yes or no");
      const challenge = await db.challenge.findUnique({
        where: { slug: need("slug") },
        select: { id: true, acceptingSubmissions: true },
      });
      if (!challenge) throw new AppError("NOT_FOUND", `No challenge "${values.slug}".`);
      await db.$transaction(async (tx) => {
        await tx.challenge.update({ where: { id: challenge.id }, data: { acceptingSubmissions: to === "yes" } });
        await recordAudit(tx, {
          actorId: OPERATOR.userId,
          action: "challenge.accepting_changed",
          challengeId: challenge.id,
          subjectType: "Challenge",
          subjectId: challenge.id,
          data: { before: challenge.acceptingSubmissions, after: to === "yes" },
        });
      });
      return {
        json: { slug: values.slug, acceptingSubmissions: to === "yes" },
        text: `${values.slug} ${to === "yes" ? "accepts" : "does not accept"} submissions`,
      };
    }
    case "box show": {
      const view = await getBox(platform, OPERATOR, { challengeSlug: need("slug"), box: need("box") });
      const { mine: _mine, ...shown } = view;
      const state = view.box.openedAt
        ? `opened ${view.box.openedAt.toISOString()} by ${view.box.openedBy}`
        : `sealed, ${view.sealedAnswers} answer(s) locked in`;
      return { json: shown, text: `${view.box.name}: ${state}` };
    }
    case "leaderboard reveal": {
      if (need("confirm") !== need("phase"))
        throw new UsageError(`--confirm must repeat the phase's name, ${values.phase}`);
      const revealed = await revealPrivateLeaderboard(platform, OPERATOR, { slug: need("slug"), phase: need("phase") });
      return {
        json: revealed,
        text: `${values.slug} / ${revealed.phase}: private leaderboard revealed at ${revealed.revealedAt} (${revealed.entries} entries, SHA-256 ${revealed.sha256})`,
      };
    }
    case "leaderboard refresh": {
      const phases = await db.phase.findMany({
        where: { challenge: { slug: need("slug") }, kind: "STANDARD" },
        select: { id: true, name: true },
      });
      if (!phases.length) throw new AppError("NOT_FOUND", `No challenge ${values.slug} with standard phases.`);
      for (const p of phases) await refreshLeaderboard(db, p.id);
      return {
        json: { refreshed: phases.map((p) => p.name) },
        text: `refreshed ${phases.map((p) => p.name).join(", ")}`,
      };
    }
    case "box open": {
      const opened = await openBox(platform, OPERATOR, {
        challengeSlug: need("slug"),
        box: need("box"),
        confirm: need("confirm"),
      });
      return {
        json: opened,
        text: `${opened.box} opened at ${opened.openedAt.toISOString()}: ${opened.answers} answer(s) judged, ${opened.queued} anomaly-score file(s) queued`,
      };
    }
    case "file list": {
      const { files } = await getChallengeSettings(platform, OPERATOR, need("slug"));
      const keys = new Map(
        (
          await db.datasetFile.findMany({
            where: { id: { in: files.map((f) => f.id) } },
            select: { id: true, key: true },
          })
        ).map((f) => [f.id, f.key]),
      );
      const rows = files.map((f) => ({ ...f, key: keys.get(f.id) }));
      return {
        json: rows,
        text: rows.map((f) => `${f.id}  ${f.level.toLowerCase().padEnd(12)} ${f.dataset} / ${f.name}`).join("\n"),
      };
    }
    case "file versions": {
      const datasets = await listDatasetFiles(platform, OPERATOR, need("slug"));
      const lines = datasets.flatMap((d) =>
        d.files.map(
          (f) =>
            `${f.id}  ${d.name} / ${f.name} v${f.version}  ${f.state.padEnd(10)} ${f.level.toLowerCase().padEnd(12)} ${f.size} B  ${f.scores} score(s)  ${f.sha256}`,
        ),
      );
      return { json: datasets, text: lines.join("\n") };
    }
    case "file upload": {
      const file = await uploadFile(platform, {
        slug: need("slug"),
        dataset: need("dataset"),
        path: need("path"),
        name: values.name,
        level: values.level,
      });
      return {
        json: file,
        text: `${values.slug} / ${file.name} v${file.version} published (${file.size} bytes, SHA-256 ${file.sha256}, ${file.access.toLowerCase()})`,
      };
    }
    case "file delete":
    case "file purge": {
      const done = await (verb === "delete" ? deleteDatasetFile : purgeDatasetFile)(platform, OPERATOR, {
        slug: need("slug"),
        fileId: need("file"),
      });
      return { json: done, text: `${done.name} v${done.version} ${done.state}` };
    }
    case "phase deadline": {
      const to = need("to");
      const closesAt = to === "none" ? null : to === "now" ? new Date() : new Date(to);
      if (closesAt && Number.isNaN(closesAt.getTime()))
        throw new UsageError("--to must be a date such as 2027-06-30T12:00:00Z, now or none");
      const change = await setPhaseDeadline(platform, OPERATOR, { slug: need("slug"), phase: need("phase"), closesAt });
      return {
        json: change,
        text: `${values.slug} / ${change.phase}: deadline ${change.after ?? "none"} (was ${change.before ?? "none"})`,
      };
    }
    case "challenge packages": {
      const packages = listChallengePackages();
      return {
        json: packages,
        text: packages.map((p) => `${p.package.padEnd(20)} ${p.title} (phases: ${p.phases.join(", ")})`).join("\n"),
      };
    }
    case "challenge create": {
      const number = (name: "scale" | "hits") => {
        const v = values[name];
        if (v === undefined) return undefined;
        if (!(Number(v) > 0)) throw new UsageError(`--${name} must be a positive number`);
        return Number(v);
      };
      const created = await createChallengeFromPackage(platform, OPERATOR, {
        package: need("package"),
        slug: values.slug,
        title: values.title,
        organizerEmail: values.organizer,
        syntheticData: !values["no-data"],
        size: { scale: number("scale"), hitsPerEvent: number("hits") },
      });
      return {
        json: created,
        text: `challenge ${created.slug} created from ${created.package}: phases ${created.phases.join(", ")}; ${created.files} file(s) published`,
      };
    }
    case "audit list": {
      const events = await listAuditEvents(platform, OPERATOR, {
        challengeSlug: values.slug,
        actor: values.actor,
        limit: values.limit ? Number(values.limit) : 100,
      });
      return {
        json: events,
        text: events
          .map(
            (e) =>
              `${e.at.toISOString()} ${(e.actor ?? "-").padEnd(28)} ${e.action.padEnd(24)} ${e.subjectType} ${e.subjectId}`,
          )
          .join("\n"),
      };
    }
    case "file level": {
      const level = need("level").toUpperCase();
      if (!["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"].includes(level))
        throw new UsageError("--level must be public, participants, organizers or truth");
      const file = await setFileLevel(platform, OPERATOR, {
        slug: need("slug"),
        file: need("file"),
        level: level as "PUBLIC",
      });
      return {
        json: { slug: values.slug, file: file.name, level: file.access.toLowerCase() },
        text: `${values.slug} / ${file.name}: ${file.access.toLowerCase()}`,
      };
    }
    case "group show": {
      const g = await getGroup(platform, OPERATOR, need("name"));
      const members = (g.members ?? []).map(
        (m) =>
          (m.group ? `group ${m.group}` : m.user!.email!) +
          (m.validUntil ? ` until ${m.validUntil.toISOString()}` : ""),
      );
      return {
        json: {
          name: g.name,
          type: g.type,
          joinPolicy: g.joinPolicy,
          privacy: g.privacy,
          expiresAt: g.expiresAt,
          members,
        },
        text: [`${g.name} (${g.type.toLowerCase()}, ${g.joinPolicy.toLowerCase()})`, ...members].join("\n"),
      };
    }
    case "group create": {
      const owner = await userByEmail(platform, need("owner"));
      const policy = { closed: "CLOSED", open: "OPEN", approval: "OPEN_WITH_ADMIN_APPROVAL" }[
        values.policy ?? "closed"
      ] as "CLOSED" | "OPEN" | "OPEN_WITH_ADMIN_APPROVAL" | undefined;
      const privacy = { admins: "ADMINS", members: "MEMBERS", users: "USERS", public: "PUBLIC" }[
        values.privacy ?? "members"
      ] as "ADMINS" | "MEMBERS" | "USERS" | "PUBLIC" | undefined;
      if (!policy) throw new UsageError("--policy must be closed, open or approval");
      if (!privacy) throw new UsageError("--privacy must be admins, members, users or public");
      const type = { static: "STATIC", dynamic: "DYNAMIC", sso: "SSO" }[values.type ?? "static"] as
        | "STATIC"
        | "DYNAMIC"
        | "SSO"
        | undefined;
      if (!type) throw new UsageError("--type must be static, dynamic or sso");
      let rule: Record<string, string> | undefined;
      try {
        rule = values.rule ? JSON.parse(values.rule) : undefined;
      } catch {
        throw new UsageError('--rule must be JSON, such as \'{"emailDomain":"cern.ch"}\'');
      }
      const group = await createGroup(
        platform,
        { userId: owner.id, siteRole: owner.siteRole },
        { name: need("name"), type, rule, joinPolicy: policy, privacy, expiresAt: dateOption("expires") },
      );
      return { json: group, text: `group ${group.name} (${group.id})` };
    }
    case "group add":
    case "group remove": {
      need("name");
      const member = values.email ? { email: values.email } : values.group ? { group: values.group } : undefined;
      if (!member) throw new UsageError("give --email or --group");
      // As the operator (a site admin administers every group), so the audit trail says who did it.
      if (verb === "add")
        await addGroupMember(platform, OPERATOR, { group: values.name!, member, validUntil: dateOption("until") });
      else await removeGroupMember(platform, OPERATOR, { group: values.name!, member });
      return {
        json: { group: values.name, member, [verb === "add" ? "added" : "removed"]: true },
        text: `${verb === "add" ? "added" : "removed"} ${JSON.stringify(member)} ${verb === "add" ? "to" : "from"} ${values.name}`,
      };
    }
    default:
      throw new UsageError(noun ? `unknown command "${[noun, verb].filter(Boolean).join(" ")}"` : "missing command");
  }
}

async function main(): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"; // known on Node 20 (../shared/STACK.md)
  const env = loadEnv();
  const dataDir = path.resolve(env.DATA_DIR);
  const runningUrl = env.DATABASE_URL ? undefined : runningEmbeddedPostgresUrl(dataDir);
  if (!env.DATABASE_URL && !runningUrl && !existsSync(path.join(dataDir, "postgres", "PG_VERSION"))) {
    // Never a silent empty database: a mistyped DATA_DIR would answer "No challenge" to everything.
    console.error(
      `No Unblind database in ${dataDir} (DATA_DIR=${env.DATA_DIR}): start the platform there once with \`npm start\`, or point DATA_DIR or DATABASE_URL at the platform's.`,
    );
    return 1;
  }
  const embedded = env.DATABASE_URL || runningUrl ? undefined : await startEmbeddedPostgres(dataDir);
  if (embedded) await migrate(embedded.url); // a stopped platform's data directory, perhaps from an older version
  // Without S3_ENDPOINT, the embedded S3 of a running `npm start` on the same data directory.
  const s3 = env.S3_ENDPOINT ? undefined : runningEmbeddedS3(dataDir);
  const s3Env = s3
    ? { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }
    : {};
  const platform = createPlatform(
    parseEnv({ ...process.env, ...s3Env, DATABASE_URL: env.DATABASE_URL ?? runningUrl ?? embedded!.url }),
  );
  try {
    const { json, text } = await run(platform, positionals);
    console.log(values.json ? JSON.stringify(json, null, 2) : text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else if (error instanceof AppError)
      console.error(values.json ? JSON.stringify({ error: error.code, detail: error.message }) : error.message);
    else throw error;
    return error instanceof UsageError ? 64 : 1;
  } finally {
    await platform.db.$disconnect();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  },
);
