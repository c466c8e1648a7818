// Where the CLI talks to and with which token: UNBLIND_URL / UNBLIND_TOKEN,
// else ~/.config/unblind/config.json (XDG_CONFIG_HOME respected), written by
// `unblind login` with mode 0600.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export interface CliConfig {
  url: string;
  token: string;
}

export function configPath(): string {
  return path.join(process.env.XDG_CONFIG_HOME || path.join(homedir(), ".config"), "unblind", "config.json");
}

export function loadConfig(): CliConfig {
  const file = configPath();
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<CliConfig>) : {};
  const url = process.env.UNBLIND_URL || saved.url;
  const token = process.env.UNBLIND_TOKEN || saved.token;
  if (!url || !token)
    throw new CliError(
      `Not logged in: run \`unblind login --url <url> --token <token>\`, or set UNBLIND_URL and UNBLIND_TOKEN.`,
    );
  return { url: url.replace(/\/+$/, ""), token };
}

export function saveConfig(config: CliConfig): string {
  const file = configPath();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** An error for the user: printed without a stack, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
