// End-to-end tests in Debian's Chromium (no browser download), against the
// whole platform started by `npm start` on fresh embedded PostgreSQL and S3.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3311);
/** The OpenID provider that sso.spec.ts starts on loopback; the platform is configured for it from the start. */
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1);
process.env.E2E_OIDC_PORT = String(oidcPort);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "unblind-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "test/e2e",
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "npm start",
    url: `http://localhost:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      S3_ENDPOINT: "",
      OIDC_ISSUER: `http://localhost:${oidcPort}`,
      OIDC_CLIENT_ID: "unblind-e2e",
      OIDC_CLIENT_SECRET: "e2e-client-secret-not-for-production",
      OIDC_NAME: "Test SSO",
      // sso.spec.ts provisions its user first, then signs in with a verified email.
      OIDC_LINK_VERIFIED_EMAIL: "true",
    },
  },
});
