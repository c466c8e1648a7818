// TrackML and the LHC Olympics end to end in Chromium, as participants and an
// organizer use them: downloads from storage, baselines, scoring, the event
// display, sealed black-box answers with receipts, the audited opening and
// the post-unblinding mark. The answer key is tried from every side first.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./sign-in.ts";
import { boxFiles, type BlackBoxKey } from "@unblind/challenges/lhco-2020/write-dataset.ts";
import { admin, whileClosed } from "./admin-cli.ts";
import { storedFile } from "./operator.ts";

async function download(page: Page, dir: string, name: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByTestId(`file-${name}`)
      .getByRole("button", { name: `Download ${name}` })
      .click(),
  ]);
  const saved = path.join(dir, name);
  await file.saveAs(saved);
  return saved;
}

function baseline(challenge: string, input: string): string {
  return execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", challenge, "--input", input], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

async function fillAnswer(
  page: Page,
  a: { pValue: string; mass: [string, string]; nSignal: [string, string]; description?: string },
) {
  await page.getByLabel("p-value of the background-only hypothesis").fill(a.pValue);
  await page.getByLabel("resonanceMass value").fill(a.mass[0]);
  await page.getByLabel("resonanceMass sigma").fill(a.mass[1]);
  await page.getByLabel("nSignal value").fill(a.nSignal[0]);
  await page.getByLabel("nSignal sigma").fill(a.nSignal[1]);
  if (a.description) await page.getByLabel("Description").fill(a.description);
}

async function submitFile(page: Page, file: string) {
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId("submission-status")).toContainText("scored", { timeout: 90_000 });
}

test("TrackML: a participant downloads the test events, submits the baseline tracks, and sees the score and the event display, the per-event scores and the truth once the phase has closed", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "Alice Participant");
  await page.goto("/challenges/trackml");
  await expect(page.getByTestId("file-test_truth.csv.gz")).toHaveCount(0);
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-trackml-"));
  for (const id of [0, 1, 2]) await download(page, dir, `event00000000${id}-hits.csv`);
  const submission = path.join(tmpdir(), `e2e-trackml-${Date.now()}.csv`);
  writeFileSync(submission, baseline("trackml", dir));

  await page.goto("/challenges/trackml");
  await submitFile(page, submission);
  const score = Number(await page.getByTestId("score-score").locator("td").innerText());
  expect(score).toBeGreaterThan(0.1);
  await expect(page.getByTestId("score-efficiency")).toContainText("%");
  // The score of each test event reads the truth out event by event: held back while the phase is open.
  await expect(page.getByTestId("event-scores-held")).toContainText("shown once Main has closed");
  await expect(page.getByTestId("event-scores")).toHaveCount(0);
  // Drawn in the browser from the hits file fetched straight from storage.
  await expect(page.getByTestId("event-display-count")).toContainText(/\d+ hits in \d+ tracks/, { timeout: 30_000 });
  expect(await paintedPixels(page, "x-y view")).toBeGreaterThan(1000);
  // The truth of a test event is test labels: withheld while the phase is open…
  await expect(page.getByTestId("event-display-truth")).toContainText("shown once Main has closed");
  expect(await paintedPixels(page, "x-y view, truth")).toBe(0);
  // …and drawn next to the participant's tracks once it has closed.
  await whileClosed("trackml", "Main", async () => {
    await page.reload();
    await page.getByTestId("event-scores").locator("summary").click();
    await expect(page.getByTestId("event-scores").locator("tbody tr")).toHaveCount(3);
    await expect(page.getByTestId("event-display-truth")).toContainText(
      /coloured by its true particle \(\d+ particles/,
    );
    expect(await paintedPixels(page, "x-y view, truth")).toBeGreaterThan(1000);
    expect(await paintedPixels(page, "r-z view, truth")).toBeGreaterThan(1000);
  });
});

/** Pixels of a canvas that are not grey: hits drawn in colour. */
function paintedPixels(page: Page, label: string): Promise<number> {
  return page.locator(`canvas[aria-label="${label}"]`).evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) coloured++;
    return coloured;
  });
}

test("LHC Olympics: an R&D submission is scored; black-box answers are sealed with receipts, the key is unreachable, the organizer opens the box, the pulls appear, and a late answer is marked post-unblinding", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // R&D: the baseline on the unlabelled R&D test set, scored at once.
  await signInAs(page, "Alice Participant");
  await page.goto("/challenges/lhco-2020");
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-lhco-"));
  const rndTest = await download(page, dir, "rnd_test.h5");
  const rndScores = path.join(dir, "rnd_scores.csv");
  writeFileSync(rndScores, baseline("lhco-2020", rndTest));
  await submitFile(page, rndScores);
  expect(Number(await page.getByTestId("score-auc").locator("td").innerText())).toBeGreaterThan(0.9);

  // Which box holds one signal is drawn from the demo's secret seed: the operator reads the sealed keys.
  const keys = await Promise.all(
    [1, 2, 3].map(async (n) => ({
      name: `Black box ${n}`,
      key: JSON.parse((await storedFile("lhco-2020", boxFiles(`Black box ${n}`).key)).toString("utf8")) as BlackBoxKey,
    })),
  );
  const { name: BOX, key } = keys.find(
    (k) => k.key.resonanceMass !== null && !k.key.description.includes("two decay modes"),
  )!;
  const mX = key.resonanceMass!;
  const files = boxFiles(BOX);
  // That box: Alice answers through the form and keeps the receipt.
  const box = `/challenges/lhco-2020/boxes/${encodeURIComponent(BOX)}`;
  await page.goto(box);
  await expect(page.getByTestId("box-state")).toContainText("Sealed");
  await fillAnswer(page, {
    pValue: "0.0001",
    mass: [String(mX - 23), "120"],
    nSignal: ["35", "12"],
    description: "Bump at 3.8 TeV in the dijet mass",
  });
  await page.getByRole("button", { name: "Seal my answer" }).click();
  const receipt = page.getByTestId("receipt");
  await expect(receipt).toContainText("Sealed.");
  const sha = (await receipt.locator("code").innerText()).trim();
  const canonical = await receipt.locator("pre").textContent();
  expect(createHash("sha256").update(canonical!).digest("hex")).toBe(sha);
  await expect(page.getByTestId("my-answers")).toContainText("sealed");

  // Bob answers over the API with his token; then tries to reach the key.
  const bob = await browser.newContext();
  const bobPage = await bob.newPage();
  await signInAs(bobPage, "Bob Participant");
  const token = admin("token", "create", "--email", "bob@unblind.dev", "--scopes", "read,submit");
  const auth = { authorization: `Bearer ${token}` };
  const answered = await bobPage.request.post(`/api/v1${box}/answers`, {
    headers: auth,
    data: { pValue: 0.3, resonanceMass: { value: 5000, sigma: 200 }, nSignal: { value: 10, sigma: 10 } },
  });
  expect(answered.status()).toBe(201);
  const probes = [
    await bobPage.request.get(`/api/v1${box}`, { headers: auth }),
    await bobPage.request.get("/api/v1/challenges/lhco-2020/files", { headers: auth }),
    await bobPage.request.get(
      `/api/trpc/box.get?input=${encodeURIComponent(JSON.stringify({ json: { slug: "lhco-2020", box: BOX } }))}`,
    ),
  ];
  for (const probe of probes) {
    expect(probe.status()).toBe(200);
    const text = await probe.text();
    // Neither the key's values nor its description, nor the key files, anywhere in the answer.
    for (const value of [key.resonanceMass, key.daughterMass1, key.daughterMass2, key.nSignal])
      expect(text).not.toMatch(new RegExp(`"(resonanceMass|daughterMass1|daughterMass2|nSignal)":${value}\\b`));
    expect(text).not.toContain("two-prong daughters");
    expect(text).not.toContain(files.key);
    expect(text).not.toContain(files.labels);
  }
  const boxView = await probes[0].json();
  expect([boxView.key, boxView.results, boxView.mine.length]).toEqual([null, null, 1]);
  for (const name of [files.key, files.labels]) {
    const url = await bobPage.request.post("/api/trpc/dataset.urlByName", {
      data: { json: { slug: "lhco-2020", name } },
    });
    expect(url.status()).toBe(404);
  }
  const openByBob = await bobPage.request.post("/api/trpc/box.open", {
    data: { json: { slug: "lhco-2020", box: BOX, confirm: BOX } },
  });
  expect(openByBob.status()).toBe(403);
  await bobPage.goto(box);
  await expect(bobPage.locator("body")).not.toContainText("Truth:");
  await expect(bobPage.getByRole("button", { name: /^Open / })).toHaveCount(0);

  // The organizer opens the box, naming it.
  const organizer = await browser.newContext();
  const orgPage = await organizer.newPage();
  await signInAs(orgPage, "Olivia Organizer");
  await orgPage.goto(box);
  await expect(orgPage.getByTestId("box-state")).toContainText("2 answer(s)");
  const open = orgPage.getByRole("button", { name: `Open ${BOX}` });
  await expect(open).toBeDisabled();
  await orgPage.getByLabel(/Type .* to confirm/).fill(BOX);
  await open.click();
  await expect(orgPage.getByTestId("box-state")).toContainText("Opened");
  await expect(orgPage.getByTestId("box-state")).toContainText("Olivia Organizer");
  const results = orgPage.getByTestId("results");
  await expect(results).toContainText(`m_X = ${mX} GeV`);
  const pulls = orgPage.getByTestId("pulls");
  await expect(pulls.locator("tbody tr")).toHaveCount(2);
  await expect(pulls.locator("tr", { hasText: "Alice Participant" })).toContainText((-23 / 120).toPrecision(3));
  // Claims are judged against the truth (this box holds a signal): Alice reported it at p = 10⁻⁴, Bob saw none at p = 0.3.
  await expect(pulls.locator("tr", { hasText: "Alice Participant" }).getByTestId("claim")).toHaveText("true discovery");
  await expect(pulls.locator("tr", { hasText: "Bob Participant" }).getByTestId("claim")).toHaveText("missed signal");
  await orgPage.screenshot({ path: "test-results/black-box-results.png", fullPage: true });
  await expect(orgPage.getByTestId("plot-resonanceMass").locator(".recharts-reference-line")).toHaveCount(1);
  await expect(orgPage.getByTestId("plot-resonanceMass").locator(".recharts-errorBar")).toHaveCount(2);
  expect(admin("audit", "list", "--slug", "lhco-2020")).toMatch(/blackbox\.opened/);

  // After the opening, Bob's new answer is accepted only as post-unblinding.
  await bobPage.goto(box);
  await fillAnswer(bobPage, { pValue: "0.000001", mass: [String(mX), "50"], nSignal: ["40", "5"] });
  await bobPage.getByRole("button", { name: "Submit post-unblinding answer" }).click();
  await expect(bobPage.getByTestId("receipt")).toContainText("Post-unblinding answer received");
  await bobPage.reload();
  await expect(bobPage.getByTestId("pulls").locator("tr", { hasText: "post-unblinding" })).toHaveCount(1);
  await bob.close();
  await organizer.close();
});
