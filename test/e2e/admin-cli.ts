import { execFileSync } from "node:child_process";

/** The admin CLI against the platform under test: DATA_DIR leads it to the running embedded database. */
export function admin(...args: string[]): string {
  return execFileSync("npm", ["run", "-s", "admin", "--", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "", S3_ENDPOINT: "" },
  }).trim();
}

/** Runs `check` while a phase is closed (its deadline now), then opens it again for 90 days. */
export async function whileClosed(slug: string, phase: string, check: () => Promise<void>): Promise<void> {
  admin("phase", "deadline", "--slug", slug, "--phase", phase, "--to", "now");
  try {
    await check();
  } finally {
    admin(
      "phase",
      "deadline",
      "--slug",
      slug,
      "--phase",
      phase,
      "--to",
      new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
    );
  }
}
