import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAs } from "./sign-in.ts";

test("the home page lists the three demo challenges", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("challenge-top-tagging")).toContainText("Open for submissions");
  await expect(page.getByTestId("challenge-trackml")).toContainText("Open for submissions");
  await expect(page.getByTestId("challenge-lhco-2020")).toBeVisible();
});

test("a participant downloads the test set, submits the baseline, and sees it scored with its ROC working points and on the leaderboard", async ({
  page,
}) => {
  await signInAs(page, "Alice Participant");
  await page.goto("/challenges/top-tagging");

  // Download straight from object storage through a presigned URL; the
  // checksum on the page must match the bytes received.
  const row = page.getByTestId("file-test.h5");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("button", { name: "Download test.h5" }).click(),
  ]);
  const testFile = path.join(tmpdir(), `e2e-test-${Date.now()}.h5`);
  await download.saveAs(testFile);
  const shown = await row.locator("code").getAttribute("title");
  expect(createHash("sha256").update(readFileSync(testFile)).digest("hex")).toBe(shown);
  expect(download.url()).toContain("X-Amz-Signature");
  // The answer key is never listed to a participant.
  await expect(page.getByTestId("file-test_truth.csv")).toHaveCount(0);

  const csv = execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", testFile], {
    encoding: "utf8",
  });
  const submission = path.join(tmpdir(), `e2e-baseline-${Date.now()}.csv`);
  writeFileSync(submission, csv);

  await page.locator('input[type="file"]').setInputFiles(submission);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId("submission-status")).toContainText("scored", { timeout: 60_000 });
  const auc = Number(await page.getByTestId("score-auc").locator("td").innerText());
  expect(auc).toBeGreaterThan(0.75);
  expect(auc).toBeLessThan(0.95);
  await expect(page.getByTestId("score-bgRejection30")).toBeVisible();
  // During the phase, the ROC at fixed working points only (a full curve would read out test labels):
  // a log y axis labelled as 1/εB with decade ticks.
  await expect(page.getByTestId("roc-plot")).toHaveCount(0);
  await expect(page.getByTestId("working-points-note")).toContainText(
    "shown once Main has closed and its private leaderboard is revealed",
  );
  const plot = page.getByTestId("working-points-plot");
  await expect(plot.locator("path.recharts-curve")).toHaveCount(1);
  await expect(plot).toContainText("Background rejection 1/εB");
  await expect(plot.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").first()).toHaveText("1");
  await expect(plot.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").nth(1)).toHaveText("10");

  await page.getByRole("link", { name: /leaderboard/ }).click();
  const board = page.getByTestId("leaderboard");
  await expect(board).toContainText("Alice Participant");
  await expect(board).toContainText(auc.toFixed(4));
});

test("an invalid CSV shows its located error on the page", async ({ page }) => {
  await signInAs(page, "Bob Participant");
  await page.goto("/challenges/top-tagging");
  const bad = path.join(tmpdir(), `e2e-bad-${Date.now()}.csv`);
  writeFileSync(bad, "id,score\n0,0.5\n1,nan\n");
  await page.locator('input[type="file"]').setInputFiles(bad);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId("submission-status")).toContainText("invalid", { timeout: 60_000 });
  await expect(page.getByTestId("submission-error")).toContainText(
    /e2e-bad-\d+\.csv \(line 3, column 2\): score: nan is not allowed/,
  );
  await expect(page.locator("body")).not.toContainText("at Object.");
});
