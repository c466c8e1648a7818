import { execFileSync } from "node:child_process";

/** The admin CLI against the platform under test: DATA_DIR leads it to the running embedded database. */
export function admin(...args: string[]): string {
  return execFileSync("npm", ["run", "-s", "admin", "--", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "", S3_ENDPOINT: "" },
  }).trim();
}
