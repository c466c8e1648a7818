// The participant CLI (`npx unblind`) against the running platform, as a
// script would use it: exit codes and messages are the contract.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { admin } from "./admin-cli.ts";
import { expect, test } from "@playwright/test";

const home = mkdtempSync(path.join(tmpdir(), "unblind-cli-home-"));
const work = mkdtempSync(path.join(tmpdir(), "unblind-cli-work-"));
const email = `cli-${Date.now()}@ci.example`;

function unblind(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("npx", ["unblind", ...args], {
    encoding: "utf8",
    env: { ...process.env, XDG_CONFIG_HOME: home, UNBLIND_URL: "", UNBLIND_TOKEN: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^npm warn.*\n/gm, "") };
}

/** s3rver keeps each object as a file; the test's stand-in for a corrupted object store. */
function storedObject(name: string): string {
  const root = path.join(process.env.E2E_DATA_DIR!, "s3");
  const hit = (readdirSync(root, { recursive: true }) as string[]).find((f) => f.endsWith(`/${name}._S3rver_object`));
  if (!hit) throw new Error(`no stored object for ${name}`);
  return path.join(root, hit);
}

let token: string;
// biome-ignore lint/correctness/noEmptyPattern: Playwright's hooks take their fixtures first
test.beforeAll(({}, info) => {
  admin("user", "create", "--email", email, "--name", "CLI Robot");
  token = admin("token", "create", "--email", email, "--scopes", "read,submit");
  const url = info.project.use.baseURL!;
  const login = unblind(["login", "--url", url, "--token", token]);
  expect(login.code, login.stderr).toBe(0);
});

test("login saves a working token; challenges lists them", () => {
  const file = path.join(home, "unblind", "config.json");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(file, "utf8")).token).toBe(token);
  const r = unblind(["challenges"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/top-tagging\s+yes/);
  expect(unblind(["login", "--url", test.info().project.use.baseURL!, "--token", "unb_pat_wrong"]).stderr).toMatch(
    /401 UNAUTHORIZED: This is not a valid Unblind token/,
  );
});

test("download verifies every file, skips verified ones, and fails loudly on a tampered file", () => {
  const dest = path.join(work, "data");
  const first = unblind(["download", "top-tagging", "--dest", dest]);
  expect(first.code, first.stderr).toBe(0);
  expect(existsSync(path.join(dest, "test.h5"))).toBe(true);
  expect(unblind(["download", "top-tagging", "--dest", dest]).stderr).toMatch(
    /test\.h5: already downloaded and verified/,
  );

  // An interrupted download: half of the file is on disk as .part.
  const resumeDir = path.join(work, "resume");
  const whole = readFileSync(path.join(dest, "test.h5"));
  mkdirSync(resumeDir);
  writeFileSync(path.join(resumeDir, "test.h5.part"), whole.subarray(0, Math.floor(whole.length / 2)));
  const resumed = unblind(["download", "top-tagging", "--dest", resumeDir]);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(new RegExp(`test\\.h5: .*\\(resumed at ${Math.floor(whole.length / 2)} bytes\\)`));
  expect(readFileSync(path.join(resumeDir, "test.h5")).equals(whole)).toBe(true);

  const object = storedObject("test.h5");
  const original = readFileSync(object);
  const tampered = Buffer.from(original);
  tampered[Math.floor(tampered.length / 2)] ^= 0xff;
  writeFileSync(object, tampered);
  try {
    const other = path.join(work, "tampered");
    const r = unblind(["download", "top-tagging", "--dest", other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/test\.h5: SHA-256 MISMATCH/);
    expect(existsSync(path.join(other, "test.h5"))).toBe(false);
  } finally {
    writeFileSync(object, original);
  }
});

test("submit --wait prints the scores, exits 3 for an invalid file, and the leaderboard shows the result", () => {
  const input = path.join(work, "data", "test.h5");
  const csv = execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", input], {
    encoding: "utf8",
  });
  const good = path.join(work, "baseline.csv");
  writeFileSync(good, csv);
  const r = unblind(["submit", "top-tagging", good, "--description", "from the CLI", "--wait"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/auc\s+0\.\d+/);

  // The same file in parts straight to object storage, as large files go.
  const parts = unblind(["submit", "top-tagging", good, "--wait"], { UNBLIND_MULTIPART_MIN_BYTES: "1" });
  expect(parts.code, parts.stderr).toBe(0);
  expect(parts.stdout).toMatch(/auc\s+0\.\d+/);

  const bad = path.join(work, "bad.csv");
  writeFileSync(bad, "id,score\n0,0.5\n0,0.7\n");
  const invalid = unblind(["submit", "top-tagging", bad, "--wait"]);
  expect(invalid.code).toBe(3);
  expect(invalid.stderr).toMatch(/is invalid: bad\.csv \(line 3/);

  const board = JSON.parse(unblind(["leaderboard", "top-tagging", "--json"]).stdout);
  expect(board.rows.some((row: { participant: string }) => row.participant === "CLI Robot")).toBe(true);
  expect(unblind(["submissions", "top-tagging"]).stdout).toMatch(/invalid/);

  // A final submission for the private leaderboard; an invalid one cannot be chosen.
  const mine = JSON.parse(unblind(["submissions", "top-tagging", "--json"]).stdout) as { id: string; status: string }[];
  const scored = mine.find((s) => s.status === "SCORED")!;
  const chosen = unblind(["select", scored.id]);
  expect(chosen.code, chosen.stderr).toBe(0);
  expect(chosen.stdout).toMatch(/selected: 1 of 2 final submission\(s\) chosen/);
  const refused = unblind(["select", mine.find((s) => s.status === "INVALID")!.id]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/Only scored submissions can be selected/);
  expect(unblind(["select", scored.id, "--unselect"]).stdout).toMatch(/unselected: 0 of 2/);
});

test("refused submissions (closed phase, token scope, daily limit) exit 1 with the server's reason and store nothing", () => {
  const before = JSON.parse(unblind(["submissions", "top-tagging", "--json"]).stdout).length;
  const file = path.join(work, "baseline.csv");
  admin("challenge", "accepting", "--slug", "trackml", "--to", "no");
  const closed = unblind(["submit", "trackml", file]);
  admin("challenge", "accepting", "--slug", "trackml", "--to", "yes");
  expect(closed.code).toBe(1);
  expect(closed.stderr).toMatch(/409 PHASE_CLOSED: .*not accepting submissions/);
  const readOnly = admin("token", "create", "--email", email, "--scopes", "read");
  const scope = unblind(["submit", "top-tagging", file], {
    UNBLIND_URL: test.info().project.use.baseURL!,
    UNBLIND_TOKEN: readOnly,
  });
  expect(scope.code).toBe(1);
  expect(scope.stderr).toMatch(/403 FORBIDDEN: This token lacks the "submit" scope/);
  const { previous } = JSON.parse(
    admin("challenge", "limits", "--slug", "top-tagging", "--max-per-day", "1", "--json"),
  );
  try {
    const limited = unblind(["submit", "top-tagging", file, "--wait"]);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(
      /429 TOO_MANY_REQUESTS: Daily limit of 1 submissions reached; it resets at .* \(retry after \d+ s\)/,
    );
  } finally {
    admin("challenge", "limits", "--slug", "top-tagging", "--max-per-day", String(previous.maxPerDay));
  }
  expect(JSON.parse(unblind(["submissions", "top-tagging", "--json"]).stdout).length).toBe(before);
});

test("answer seals a black-box answer and prints the receipt; a malformed one exits 1 naming the field", () => {
  const file = path.join(work, "answer.json");
  writeFileSync(
    file,
    JSON.stringify({
      pValue: 0.01,
      resonanceMass: { value: 4000, sigma: 300 },
      nSignal: { value: 20, sigma: 10 },
      description: "from the CLI",
    }),
  );
  // A box still sealed: which one another test opened depends on the demo's secret seed.
  const box = ["Black box 1", "Black box 2", "Black box 3"].find(
    (name) =>
      (
        JSON.parse(admin("box", "show", "--slug", "lhco-2020", "--box", name, "--json")) as {
          box: { openedAt: string | null };
        }
      ).box.openedAt === null,
  )!;
  const sealed = unblind(["answer", "lhco-2020", box, file]);
  expect(sealed.code, sealed.stderr).toBe(0);
  const [, sha] = /sealed: receipt SHA-256 ([0-9a-f]{64})/.exec(sealed.stdout)!;
  const canonical = sealed.stdout.split("\n")[1];
  expect(createHash("sha256").update(`${canonical}\n`).digest("hex")).toBe(sha);
  writeFileSync(file, JSON.stringify({ pValue: 0.01, nSignal: { value: 20, sigma: 0 } }));
  const bad = unblind(["answer", "lhco-2020", box, file]);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/400 BAD_REQUEST: Answer: nSignal.sigma must be greater than 0/);
});
