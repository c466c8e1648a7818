// The web doors, tried as an attacker would on the running platform:
// cross-site requests riding on a participant's cookie, anonymous bodies
// too large to buffer, oversized tRPC batches, and a session cookie copied
// before its owner signed out.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { admin, whileClosed } from "./admin-cli.ts";
import { signInAs } from "./sign-in.ts";

const mySubmissions = async (page: Page) =>
  (
    (await (
      await page.request.get(
        `/api/trpc/submission.mine?input=${encodeURIComponent(JSON.stringify({ json: { slug: "top-tagging" } }))}`,
      )
    ).json()) as { result: { data: { json: unknown[] } } }
  ).result.data.json.length;

test("a page on another port of the same host cannot submit or answer with a participant's cookie; nothing is stored", async ({
  page,
  baseURL,
}) => {
  await signInAs(page, "Alice Participant");
  const before = await mySubmissions(page);
  const evil = { origin: "http://localhost:4444", "sec-fetch-site": "same-site" };
  const upload = await page.request.post("/api/challenges/top-tagging/submissions", {
    headers: { ...evil, "x-file-name": "x.csv", "content-type": "text/csv" },
    data: "id,score\n0,0.5\n",
  });
  expect(upload.status()).toBe(403);
  expect(await upload.text()).toContain("another site");
  const answer = await page.request.post("/api/challenges/lhco-2020/boxes/Black%20box%201/answers", {
    headers: { ...evil, "content-type": "application/json" },
    data: { pValue: 0.5, resonanceMass: { value: 3000, sigma: 100 }, nSignal: { value: 1, sigma: 1 } },
  });
  expect(answer.status()).toBe(403);
  const mutation = await page.request.post("/api/trpc/token.create", {
    headers: { origin: "http://localhost:4444" },
    data: { json: { name: "stolen", scopes: ["read", "submit"] } },
  });
  expect(mutation.status()).toBe(403);
  expect(await mySubmissions(page)).toBe(before);
  // The site's own origin still works.
  const own = await page.request.post("/api/challenges/top-tagging/submissions", {
    headers: {
      origin: new URL(baseURL!).origin,
      "sec-fetch-site": "same-origin",
      "x-file-name": "x.csv",
      "content-type": "text/csv",
    },
    data: "id,score\n0,0.5\n",
  });
  expect(own.status()).toBe(202);
});

/** The web server's process: the one holding the socket that listens on the test's port (from /proc). */
function webPid(port: string): number {
  const hex = `:${Number(port).toString(16).toUpperCase().padStart(4, "0")}`;
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(hex) && f[3] === "0A") inodes.add(f[9]); // 0A: LISTEN
    }
  }
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`))
        if (inodes.has(/socket:\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? "")) return Number(pid);
    } catch {
      // a process that ended meanwhile
    }
  }
  throw new Error(`no process listens on port ${port}`);
}
const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);

test("a 300 MB anonymous body is refused before it is read: the web process does not grow", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const url = new URL("/api/challenges/lhco-2020/boxes/Black%20box%201/answers", baseURL);
  const pid = webPid(url.port);
  const rssBefore = rssKiB(pid);
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(300 * chunk.length),
          origin: url.origin,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) =>
      e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e),
    );
    let sent = 0;
    const pump = () => {
      while (sent < 300) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
  expect(status).toBe(401);
  const grown = (rssKiB(pid) - rssBefore) / 1024;
  expect(grown, `the web process grew by ${grown.toFixed(1)} MB`).toBeLessThan(20);
});

test("a tRPC batch of 500 calls is refused at once", async ({ request }) => {
  // As POST: a GET of that size is already refused for its header size (431).
  const calls = Array.from({ length: 500 }, () => "token.revoke").join(",");
  const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [i, { json: { id: `t${i}` } }]));
  const started = Date.now();
  const res = await request.post(`/api/trpc/${calls}?batch=1`, { data: body });
  expect(res.status()).toBe(400);
  expect(await res.text()).toMatch(/batch/i);
  expect(Date.now() - started).toBeLessThan(2000);
});

test("signing out ends the session on the server: a copied cookie stops working at once; so does disabling the account", async ({
  page,
  browser,
}) => {
  await signInAs(page, "Bob Participant");
  const copied = await page.context().cookies();
  await expect(page.getByTestId("signed-in-as")).toContainText("Bob Participant");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/");
  await expect(stolen.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect((await stolen.request.get("/api/trpc/token.list")).status()).toBe(401);
  await thief.close();

  // An admin disables the account: the live session ends too.
  await signInAs(page, "Bob Participant");
  await expect(page.getByTestId("signed-in-as")).toContainText("Bob Participant");
  admin("user", "disable", "--email", "bob@unblind.dev");
  try {
    await page.reload();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  } finally {
    admin("user", "enable", "--email", "bob@unblind.dev");
  }
});

test("smaller doors: a bad query parameter is a 400 page, a past deadline says closed everywhere, the admin CLI refuses a wrong DATA_DIR and audits what it changes", async ({
  page,
}) => {
  const weird = await page.request.get("/challenges/top-tagging/leaderboard?board=weird");
  expect(weird.status()).toBe(400);
  expect(await weird.text()).toContain("board must be public or private");

  // Both of TrackML's phases: the prediction files' and the programs' (Throughput).
  await whileClosed("trackml", "Main", () =>
    whileClosed("trackml", "Throughput", async () => {
      await page.goto("/");
      await expect(page.getByTestId("challenge-trackml").getByTestId("challenge-status")).toHaveText("Closed");
      expect(admin("challenge", "list")).toMatch(/trackml\s+closed/);
    }),
  );
  await page.goto("/");
  await expect(page.getByTestId("challenge-trackml").getByTestId("challenge-status")).toContainText(
    "Open for submissions until",
  );

  const wrong = spawnSync("npm", ["run", "-s", "admin", "--", "challenge", "list"], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: "/tmp/unblind-no-such-data-dir", DATABASE_URL: "", S3_ENDPOINT: "" },
  });
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toContain("No Unblind database in /tmp/unblind-no-such-data-dir");
  expect(existsSync("/tmp/unblind-no-such-data-dir")).toBe(false);

  // A user of its own: a role on a challenge would change what other tests' demo accounts may see.
  const grantee = `grantee-${Date.now()}@unblind.dev`;
  admin("user", "create", "--email", grantee);
  admin("challenge", "role", "--slug", "lhco-2020", "--email", grantee, "--role", "participant");
  const audit = JSON.parse(admin("audit", "list", "--slug", "lhco-2020", "--json")) as {
    action: string;
    actor: string | null;
  }[];
  expect(audit.some((e) => e.action === "challenge.role_granted")).toBe(true);
});

test("npm start listens on loopback only by default, and a large anonymous tRPC body is refused by its size", async ({
  request,
  baseURL,
}) => {
  const port = Number(new URL(baseURL!).port).toString(16).toUpperCase().padStart(4, "0");
  const listeners = ["/proc/net/tcp", "/proc/net/tcp6"]
    .flatMap((t) => readFileSync(t, "utf8").split("\n").slice(1))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${port}`) && f[3] === "0A")
    .map((f) => f[1].split(":")[0]);
  expect(listeners.length).toBeGreaterThan(0);
  // 127.0.0.1 as /proc writes it (little-endian), never 0.0.0.0 or ::.
  expect(listeners.every((a) => a === "0100007F")).toBe(true);

  const big = await request.post("/api/trpc/token.revoke", { data: { json: { id: "x".repeat(2 * 1024 * 1024) } } });
  expect(big.status()).toBe(413);
});

test("the web server validates its environment when it starts: a bad variable stops it at once, naming it", () => {
  // The production build exists: the platform under test was started from it.
  const started = spawnSync(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "apps/web", "-p", "3398", "-H", "127.0.0.1"],
    {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, AUTH_SECRET: "short", PORT: "3398" },
    },
  );
  expect(started.status).toBe(1);
  expect(started.stdout + started.stderr).toContain("AUTH_SECRET must be at least 16 characters");
});
