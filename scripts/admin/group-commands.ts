// Groups, e-group style.
import { z } from "zod";
import { getGroup } from "@unblind/platform/groups/group-directory.ts";
import { addGroupMember, createGroup, removeGroupMember } from "@unblind/platform/groups/manage-groups.ts";
import { userByEmail } from "@unblind/platform/users/admin-users.ts";
import { command, date, json, OPERATOR, oneOf, required } from "./command.ts";

const member = z
  .object({ name: required("name"), email: z.string().optional(), group: z.string().optional() })
  .transform((o, ctx) => {
    if (!o.email && !o.group) {
      ctx.addIssue({ code: "custom", message: "give --email or --group" });
      return z.NEVER;
    }
    return { name: o.name, member: o.email ? { email: o.email } : { group: o.group! } };
  });

export const groupCommands = {
  "group create": command({
    args: "--name <n> --owner <email> [--policy closed|open|approval] [--privacy admins|members|users|public] [--expires <date>] [--type static|dynamic|sso] [--rule <json>]",
    options: z.object({
      name: required("name"),
      owner: required("owner"),
      policy: oneOf("policy", {
        closed: "CLOSED" as const,
        open: "OPEN" as const,
        approval: "OPEN_WITH_ADMIN_APPROVAL" as const,
      }).default("CLOSED"),
      privacy: oneOf("privacy", {
        admins: "ADMINS" as const,
        members: "MEMBERS" as const,
        users: "USERS" as const,
        public: "PUBLIC" as const,
      }).default("MEMBERS"),
      expires: date("expires").optional(),
      type: oneOf("type", { static: "STATIC" as const, dynamic: "DYNAMIC" as const, sso: "SSO" as const }).default(
        "STATIC",
      ),
      rule: json("rule", '\'{"emailDomain":"cern.ch"}\'').optional(),
    }),
    async run(platform, o) {
      const owner = await userByEmail(platform, o.owner);
      const group = await createGroup(
        platform,
        { userId: owner.id, siteRole: owner.siteRole },
        {
          name: o.name,
          type: o.type,
          rule: o.rule as Record<string, string> | undefined,
          joinPolicy: o.policy,
          privacy: o.privacy,
          expiresAt: o.expires,
        },
      );
      return { json: group, text: `group ${group.name} (${group.id})` };
    },
  }),
  "group add": command({
    args: "--name <n> (--email <e> | --group <g>) [--until <date>]",
    note: "audited as admin-cli",
    // As the operator (a site admin administers every group), so the audit trail says who did it.
    options: z.intersection(member, z.object({ until: date("until").optional() })),
    async run(platform, o) {
      await addGroupMember(platform, OPERATOR, { group: o.name, member: o.member, validUntil: o.until });
      return {
        json: { group: o.name, member: o.member, added: true },
        text: `added ${JSON.stringify(o.member)} to ${o.name}`,
      };
    },
  }),
  "group remove": command({
    args: "--name <n> (--email <e> | --group <g>)",
    note: "audited as admin-cli",
    options: member,
    async run(platform, o) {
      await removeGroupMember(platform, OPERATOR, { group: o.name, member: o.member });
      return {
        json: { group: o.name, member: o.member, removed: true },
        text: `removed ${JSON.stringify(o.member)} from ${o.name}`,
      };
    },
  }),
  "group show": command({
    args: "--name <n>",
    options: z.object({ name: required("name") }),
    async run(platform, o) {
      const g = await getGroup(platform, OPERATOR, o.name);
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
    },
  }),
};
