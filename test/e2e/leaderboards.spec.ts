// Leaderboards in Chromium against the whole platform: a fresh top-tagging
// challenge (public/private split) with two real scored submissions; the
// plots with their log axis, final selection, the sealed private board on
// every route, the audited reveal, and the export.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { admin } from "./admin-cli.ts";
import { signInAs } from "./sign-in.ts";
import { submitFile } from "./submit-file.ts";

const slug = `lb-e2e-${Date.now().toString(36)}`;
const board = `/challenges/${slug}/leaderboard`;
let baseline = "";
let worse = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  admin(
    "challenge",
    "create",
    "--package",
    "top-tagging",
    "--slug",
    slug,
    "--title",
    "Leaderboard e2e",
    "--organizer",
    "organizer@unblind.dev",
  );
});

/** Downloads the test set as a participant and writes the baseline, and a noisier copy of it. */
async function prepareSubmissions(page: Page) {
  await page.goto(`/challenges/${slug}`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("file-test.h5").getByRole("button", { name: "Download test.h5" }).click(),
  ]);
  const testFile = path.join(tmpdir(), `${slug}-test.h5`);
  await download.saveAs(testFile);
  const csv = execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", testFile], {
    encoding: "utf8",
  });
  baseline = path.join(tmpdir(), `${slug}-baseline.csv`);
  writeFileSync(baseline, csv);
  let seed = 1;
  const noise = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const [header, ...rows] = csv.trim().split("\n");
  worse = path.join(tmpdir(), `${slug}-worse.csv`);
  writeFileSync(
    worse,
    `${[header, ...rows.map((r) => `${r.split(",")[0]},${(0.3 * Number(r.split(",")[1]) + 0.7 * noise()).toFixed(6)}`)].join("\n")}\n`,
  );
}

async function submit(page: Page, file: string) {
  await submitFile(page, slug, file);
  return Number(await page.getByTestId("score-auc").locator("td").innerText());
}

test("two participants' scores are ranked on the server and plotted: ROC curves on a log 1/εB axis, best over time, own history", async ({
  page,
}) => {
  await signInAs(page, "Bob Participant");
  await prepareSubmissions(page);
  const bobAuc = await submit(page, worse);
  await signInAs(page, "Alice Participant");
  const aliceAuc = await submit(page, baseline);
  expect(aliceAuc).toBeGreaterThan(bobAuc);

  await page.goto(board);
  const table = page.getByTestId("leaderboard");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table.locator("tbody tr").first()).toContainText("Alice Participant");
  await expect(table.locator("tbody tr").first()).toContainText(aliceAuc.toFixed(4));
  await expect(table.locator("tbody tr").nth(1)).toContainText("Bob Participant");
  await expect(table.locator("td.interval").first()).toHaveText(/^\[0\.\d{4}, 0\.\d{4}\]$/);
  await expect(page.getByTestId("method")).toContainText("200 bootstrap resamples");
  await expect(page.getByTestId("split-notice")).toContainText("hidden 30 % of the test set");

  // ROC overlay: one curve per entry, y on a log scale: the ticks are the
  // powers of ten, evenly spaced on screen.
  // During the phase: the working points at fixed εS, not the full curves (results-release.ts).
  await expect(page.getByTestId("working-points-note")).toBeVisible();
  const roc = page.getByTestId("roc-overlay");
  await expect(roc.locator("path.recharts-curve")).toHaveCount(2);
  await expect(roc).toContainText("1. Alice Participant");
  const ticks = roc.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value");
  const labels = await ticks.allTextContents();
  expect(labels.length).toBeGreaterThanOrEqual(2);
  expect(labels).toEqual(labels.map((_, i) => String(10 ** i)));
  const ys = await ticks.evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().y));
  const gaps = ys.slice(1).map((y, i) => ys[i] - y);
  for (const gap of gaps) expect(Math.abs(gap - gaps[0])).toBeLessThan(1.5);
  expect(gaps[0]).toBeGreaterThan(20);
  // Each curve's path stays inside the plot: no infinite rejection was drawn.
  const d = await roc.locator("path.recharts-curve").first().getAttribute("d");
  expect(d).not.toMatch(/NaN|Infinity/);

  await roc.page().getByRole("button", { name: "Standard ROC" }).click();
  await expect(page.getByTestId("roc-overlay")).toHaveAttribute("data-view", "roc");
  await expect(
    page.getByTestId("roc-overlay").locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").last(),
  ).toHaveText("1");

  await expect(page.getByTestId("best-over-time").locator("path.recharts-curve")).toHaveCount(1);
  await expect(page.getByTestId("own-history").locator(".recharts-scatter-symbol")).toHaveCount(1);

  // The phase and board tabs lead to boards: their links carry only the parameters they set.
  const tabs = page.locator('nav[aria-label="Phases"] a, nav[aria-label="Boards"] a');
  const hrefs = await tabs.evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThanOrEqual(4); // top tagging: Main and Models; public and private
  for (const href of hrefs) {
    expect(href).not.toContain("undefined");
    expect((await page.request.get(href)).status(), href).toBe(200);
  }
  await page.locator('nav[aria-label="Phases"] a', { hasText: "Models" }).click();
  await expect(page.locator('nav[aria-label="Phases"] a[aria-current="page"]')).toHaveText("Models");
});

test("the private board is sealed on every route until the organizer reveals it; final selections count", async ({
  page,
  request,
}) => {
  await signInAs(page, "Alice Participant");
  await page.goto(`/challenges/${slug}`);
  const final = page.getByRole("checkbox", { name: /^final:/ }).first();
  await final.click(); // checked once the server has stored the selection
  await expect(final).toBeChecked();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: /^final:/ }).first()).toBeChecked();

  await page.goto(`${board}?board=private`);
  await expect(page.locator('p[role="alert"]')).toContainText("sealed until the organizers reveal it");
  const cookieRequest = page.request;
  expect((await cookieRequest.get(`${board}/export?board=private&format=json`)).status()).toBe(403);
  const trpc = await cookieRequest.get(
    `/api/trpc/leaderboard.get?input=${encodeURIComponent(JSON.stringify({ json: { slug, board: "private" } }))}`,
  );
  expect(trpc.status()).toBe(403);
  const plots = await cookieRequest.get(
    `/api/trpc/leaderboard.plots?input=${encodeURIComponent(JSON.stringify({ json: { slug, board: "private" } }))}`,
  );
  expect(plots.status()).toBe(403);
  const token = admin("token", "create", "--email", "alice@unblind.dev", "--scopes", "read");
  const auth = { Authorization: `Bearer ${token}` };
  expect((await request.get(`/api/v1/challenges/${slug}/leaderboard?board=private`, { headers: auth })).status()).toBe(
    403,
  );
  const mine = await (await request.get(`/api/v1/challenges/${slug}/submissions`, { headers: auth })).text();
  const open = await (await request.get(`/api/v1/challenges/${slug}/leaderboard`, { headers: auth })).text();
  for (const body of [mine, open]) expect(body).not.toMatch(/"private"|privateValue|PrivateScore/);

  // The organizer cannot reveal an open phase; after the close, one typed confirmation reveals it.
  await signInAs(page, "Olivia Organizer");
  await page.goto(board);
  await page.getByLabel("Type Main to confirm").fill("Main");
  await page.getByRole("button", { name: "Reveal the private leaderboard" }).click();
  await expect(page.locator('p[role="alert"]')).toContainText("close it first");
  admin("phase", "deadline", "--slug", slug, "--phase", "Main", "--to", "now");
  await page.reload();
  await page.getByLabel("Type Main to confirm").fill("Main");
  await page.getByRole("button", { name: "Reveal the private leaderboard" }).click();
  await expect(page.getByTestId("split-notice")).toContainText("The private leaderboard of Main, revealed");
  const table = page.getByTestId("leaderboard");
  await expect(table).toContainText("Public rank");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  expect(admin("audit", "list", "--slug", slug)).toMatch(/leaderboard\.revealed/);

  // Exports: the visible board, every row.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "CSV" }).click(),
  ]);
  const csv = readFileSync(await download.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toMatch(
    /^rank,participant,submission_id,submitted_at,auc,accuracy,.*,auc_low68,auc_high68,tied_with_above,p_above_better,submissions,public_rank$/,
  );
  expect(csv).toHaveLength(3);
  expect(csv[1]).toMatch(/^1,/);
  // The submission page now shows its private scores next to the public ones.
  await page.goto(`/submissions/${csv[1].split(",")[2]}`);
  await expect(page.getByTestId("private-score-auc")).toHaveText(/^0\.\d{4}$/);
  const json = await (await page.request.get(`${board}/export?format=json`)).json();
  expect(json.board).toBe("private");
  expect(json.rows).toHaveLength(2);
  expect((await request.get(`/api/v1/challenges/${slug}/leaderboard?board=private`, { headers: auth })).status()).toBe(
    200,
  );
});

test("views come from the micro-cache only while nothing they show has changed, per session, and never once the challenge is restricted", async ({
  page,
  playwright,
  baseURL,
}) => {
  // Signed in: one entry per session, with the visitor's own header; the organizer's form is not in it.
  await signInAs(page, "Bob Participant");
  await page.goto(board);
  const cached = await page.goto(board);
  expect(cached!.headers()["x-unblind-cache"]).toBe("hit");
  await expect(page.getByTestId("signed-in-as")).toContainText("Bob Participant");
  await expect(page.getByTestId("leaderboard").locator("tbody tr")).toHaveCount(2);

  const anonymous = await playwright.request.newContext({ baseURL });
  const first = await anonymous.get(board);
  expect(first.status()).toBe(200);
  const again = await anonymous.get(board);
  expect(again.headers()["x-unblind-cache"]).toBe("hit");
  expect(await again.text()).toBe(await first.text());

  admin("challenge", "visibility", "--slug", slug, "--to", "restricted");
  try {
    const hidden = await anonymous.get(board);
    expect(hidden.status()).toBe(404);
    expect(hidden.headers()["x-unblind-cache"]).toBeUndefined();
  } finally {
    admin("challenge", "visibility", "--slug", slug, "--to", "public");
  }
  // Public again, and nothing else changed: the same page may come from the cache.
  expect((await anonymous.get(board)).status()).toBe(200);
  // A re-materialised board (as after every new score) is rendered afresh.
  admin("leaderboard", "refresh", "--slug", slug);
  expect((await anonymous.get(board)).headers()["x-unblind-cache"]).toBe("miss");
  expect((await anonymous.get(board)).headers()["x-unblind-cache"]).toBe("hit");
  // When the board changes, concurrent readers wait for one rendering instead of each rendering it, and a
  // rendering is shared only between requests of the same viewer.
  admin("leaderboard", "refresh", "--slug", slug);
  const [burst, bob] = await Promise.all([
    Promise.all(Array.from({ length: 8 }, () => anonymous.get(board))),
    Promise.all(Array.from({ length: 4 }, () => page.request.get(board))),
  ]);
  expect(burst.map((r) => r.headers()["x-unblind-cache"]).filter((c) => c === "miss")).toHaveLength(1);
  expect(bob.map((r) => r.headers()["x-unblind-cache"]).filter((c) => c === "miss")).toHaveLength(1);
  const anonymousBodies = new Set(await Promise.all(burst.map((r) => r.text())));
  expect(anonymousBodies.size).toBe(1);
  expect([...anonymousBodies][0]).not.toContain('data-testid="signed-in-as"');
  for (const r of bob) expect(await r.text()).toContain('data-testid="signed-in-as">Bob Participant');

  // Cached API answers still count against the token's rate limit (120 a minute).
  const token = admin("token", "create", "--email", "bob@unblind.dev", "--scopes", "read");
  const api = `/api/v1/challenges/${slug}/leaderboard`;
  const answers = [];
  for (let i = 0; i < 121; i++)
    answers.push(await anonymous.get(api, { headers: { Authorization: `Bearer ${token}` } }));
  expect(answers[1].headers()["x-unblind-cache"]).toBe("hit");
  expect(answers.slice(0, 120).map((a) => a.status())).toEqual(Array(120).fill(200));
  expect(answers[120].status()).toBe(429);
  expect(answers[120].headers()["retry-after"]).toMatch(/^\d+$/);

  // The cache asks the platform's own token rules: a disabled owner's token gets no cached answer.
  const email = `cache-${Date.now()}@unblind.dev`;
  admin("user", "create", "--email", email, "--name", "Cache tester");
  const theirs = admin("token", "create", "--email", email, "--scopes", "read");
  const asThem = () => anonymous.get(api, { headers: { Authorization: `Bearer ${theirs}` } });
  expect((await asThem()).status()).toBe(200);
  expect((await asThem()).headers()["x-unblind-cache"]).toBe("hit");
  admin("user", "disable", "--email", email);
  const refused = await asThem();
  expect(refused.status()).toBe(401);
  expect(refused.headers()["x-unblind-cache"]).toBeUndefined();
  await anonymous.dispose();
});
