// The admin CLI's commands, one table: `npm run -s admin -- <noun> <verb>
// [options] [--json]`. The usage text is generated from it.
import type { AdminCommand } from "./command.ts";
import { challengeCommands } from "./challenge-commands.ts";
import { fileCommands } from "./file-commands.ts";
import { groupCommands } from "./group-commands.ts";
import { phaseCommands } from "./phase-commands.ts";
import { userCommands } from "./user-commands.ts";

export const COMMANDS: Record<string, AdminCommand> = {
  ...userCommands,
  ...challengeCommands,
  ...groupCommands,
  ...fileCommands,
  ...phaseCommands,
} as Record<string, AdminCommand>;

/** Every command with its options and notes. */
export function usage(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${[name, c.args].filter(Boolean).join(" ")}${c.note ? `   (${c.note})` : ""}`,
  );
  return `usage: npm run -s admin -- <command> [--json]\n${lines.join("\n")}`;
}

/** Options that are flags; every other option takes a value. */
const FLAGS = new Set(["json", "no-data", "wait"]);

/** Every option of every command (as its usage names it), for the argument parser. */
export const OPTIONS = Object.fromEntries(
  [
    ...new Set([
      "json",
      ...Object.values(COMMANDS).flatMap((c) => [...c.args.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1])),
    ]),
  ].map((name) => [name, { type: FLAGS.has(name) ? ("boolean" as const) : ("string" as const) }]),
) as Record<string, { type: "boolean" | "string" }>;
