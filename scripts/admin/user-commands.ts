// Users and their tokens.
import { z } from "zod";
import { createApiToken } from "@unblind/platform/tokens/create-api-token.ts";
import { createUser, setSiteRole, userByEmail } from "@unblind/platform/users/admin-users.ts";
import { setUserDisabled } from "@unblind/platform/users/session-caller.ts";
import { command, OPERATOR, oneOf, required } from "./command.ts";

const disable = (disabled: boolean) =>
  command({
    args: "--email <e>",
    note: disabled
      ? "ends the user's sessions at once, stops their tokens, refuses sign-in; audited as admin-cli"
      : "audited as admin-cli",
    options: z.object({ email: required("email") }),
    async run(platform, o) {
      const result = await setUserDisabled(platform, OPERATOR, { email: o.email, disabled });
      return {
        json: result,
        text: `${result.email} is ${result.disabled ? "disabled: its sessions have ended and its tokens stopped" : "enabled"}`,
      };
    },
  });

export const userCommands = {
  "user create": command({
    args: "--email <e> [--name <n>]",
    options: z.object({ email: required("email"), name: z.string().optional() }),
    async run(platform, o) {
      const user = await createUser(platform, OPERATOR, o);
      return { json: user, text: `user ${user.email} (${user.id})` };
    },
  }),
  "user site-role": command({
    args: "--email <e> --to admin|user",
    note: "site admins create challenges and organize every one; audited as admin-cli",
    options: z.object({
      email: required("email"),
      to: oneOf("to", { admin: "ADMIN" as const, user: "USER" as const }),
    }),
    async run(platform, o) {
      const r = await setSiteRole(platform, OPERATOR, o);
      const [now, was] = [r.siteRole.toLowerCase(), r.was.toLowerCase()];
      return {
        json: { email: r.email, siteRole: now, was },
        text: `${r.email} is a site ${now} (was ${was}); API tokens and browser sessions at once`,
      };
    },
  }),
  "user disable": disable(true),
  "user enable": disable(false),
  "token create": command({
    args: "--email <e> --scopes read,submit[,create] [--challenge <slug>] [--expires <days>] [--name <n>]",
    options: z.object({
      email: required("email"),
      scopes: required("scopes"),
      challenge: z.string().optional(),
      // Checked by the use case, which says what an expiry may be.
      expires: z
        .string()
        .optional()
        .transform((v) => (v === undefined ? undefined : Number(v))),
      name: z.string().optional(),
    }),
    async run(platform, o) {
      const user = await userByEmail(platform, o.email);
      const created = await createApiToken(
        platform,
        { userId: user.id, siteRole: user.siteRole },
        {
          name: o.name ?? "admin-cli",
          scopes: o.scopes
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          challengeSlug: o.challenge,
          expiresInDays: o.expires,
        },
      );
      return { json: created, text: created.token };
    },
  }),
};
