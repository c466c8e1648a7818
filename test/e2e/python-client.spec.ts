// The Python client (clients/python) against the running platform: installed
// with pip into a fresh virtual environment without the network, then its
// pytest suite (every verb, the error paths, a resumed download, the
// notebook API, and the Node CLI's output for the same calls).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { exampleBundleFiles } from "../fixtures/example-bundle.ts";
import { admin } from "./admin-cli.ts";

const stamp = Date.now().toString(36);
const REPO = path.resolve(import.meta.dirname, "../..");

/** The example bundle under `slug`; `split`: with a public/private split of the test set. */
function bundle(slug: string, split = false): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${slug}-`));
  for (const [name, content] of Object.entries(exampleBundleFiles({ slug }))) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    const text =
      split && name === "challenge.yaml"
        ? content.replace("    truth: truth.csv\n", "    truth: truth.csv\n    leaderboard: { publicFraction: 0.5 }\n")
        : content;
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test("pip installs the Python client offline into a fresh venv, and its pytest suite passes against the platform", async ({
  baseURL,
  page,
}) => {
  test.setTimeout(240_000);
  const email = `py-${stamp}@ci.example`;
  admin("user", "create", "--email", email, "--name", "Python Robot");
  const token = admin("token", "create", "--email", email, "--scopes", "read,submit");
  const [open, closed, limited, split] = ["py-open", "py-closed", "py-limited", "py-split"].map((s) => `${s}-${stamp}`);
  for (const slug of [open, closed, limited, split])
    admin("challenge", "create", "--bundle", bundle(slug, slug === split), "--slug", slug);
  admin("challenge", "limits", "--slug", open, "--max-per-day", "50");
  admin("phase", "deadline", "--slug", closed, "--phase", "Main", "--to", "now");
  admin("challenge", "limits", "--slug", limited, "--max-per-day", "1");

  const venv = path.join(mkdtempSync(path.join(tmpdir(), "unblind-venv-")), "venv");
  const sh = (cmd: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(cmd, args, { encoding: "utf8", cwd: REPO, env: { ...process.env, ...env } });
  // Debian's pytest and pandas are used from the system; the client itself comes from pip, offline.
  let r = sh("/usr/bin/python3", ["-m", "venv", "--system-site-packages", venv]);
  expect(r.status, r.stderr).toBe(0);
  r = sh(path.join(venv, "bin/pip"), [
    "install",
    "--no-build-isolation",
    "--no-index",
    "--quiet",
    path.join(REPO, "clients/python"),
  ]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  r = sh(
    path.join(venv, "bin/python"),
    ["-m", "pytest", "-q", "-p", "no:cacheprovider", path.join(REPO, "clients/python/tests")],
    {
      UNBLIND_URL: baseURL!,
      UNBLIND_TOKEN: token,
      UNBLIND_TEST_OPEN: open,
      UNBLIND_TEST_CLOSED: closed,
      UNBLIND_TEST_LIMITED: limited,
      UNBLIND_TEST_SPLIT: split,
      UNBLIND_CLI: path.join(venv, "bin/unblind"),
    },
  );
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/\d+ passed/);
  expect(r.stdout).not.toMatch(/skipped/);

  // The challenge page shows both ways in, for this challenge.
  await page.goto(`/challenges/${open}`);
  await page.getByText("From a script or a notebook").click();
  await expect(page.getByTestId("python-snippet")).toContainText(`c.submit("${open}", "submission.csv", wait=True)`);
  await expect(page.getByTestId("cli-snippet")).toContainText(`npx unblind submit ${open} submission.csv --wait`);
  await page.getByTestId("script-snippets").screenshot({ path: "test-results/script-snippets.png" });
});
