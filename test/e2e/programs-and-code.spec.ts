// Organizer scoring programs and code phases in Chromium: a site admin
// creates a challenge scored by its own Python program from a bundle; a
// participant's file is scored by it and the program's detailed page shows
// in a sandboxed frame whose script never runs; on TrackML, a participant
// submits the Python baseline to the Throughput phase and sees its runs
// (the sample log, the measured time and memory) and the board ranked by
// the throughput score.
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { tarGz } from "../../challenges/fpga-jet-tagging/write-bundle.ts";
import { programBundleFiles } from "../fixtures/program-bundle.ts";
import { signInAs } from "./sign-in.ts";
import { submitFile } from "./submit-file.ts";

const slug = `program-${Date.now().toString(36)}`;
const file = (name: string, content: Buffer | string) => {
  const at = path.join(tmpdir(), `${slug}-${name}`);
  writeFileSync(at, content);
  return at;
};

test("a challenge scored by its organizers' program shows the program's page in a sandboxed frame", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "Ada Admin");
  await page.goto("/admin/challenges/bundle");
  const files = Object.fromEntries(Object.entries(programBundleFiles(slug)).map(([k, v]) => [k, Buffer.from(v)]));
  await page.getByLabel("bundle").setInputFiles(file("bundle.tar.gz", tarGz(files)));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("bundle-preview")).toContainText("Energy regression");
  await page.getByRole("button", { name: "Create the challenge" }).click();
  await expect(page).toHaveURL(new RegExp(`/challenges/${slug}$`));

  await signInAs(page, "Alice Participant");
  await submitFile(page, slug, file("pred.csv", "id,yhat\n1,11\n2,19\n3,30\n4,42\n"));
  await expect(page.getByTestId("score-rmse")).toContainText("1.2247");
  const frame = page.frameLocator('[data-testid="program-detail"]');
  await expect(frame.locator("h1")).toHaveText("Residuals");
  await expect(frame.locator("p")).toContainText("4 rows scored");
  // The organizer's script ran neither in the frame nor against the page.
  await expect(frame.locator("body")).not.toContainText("script ran");
  expect(await page.title()).not.toBe("owned");
  await page.screenshot({ path: "test-results/program-detail.png", fullPage: true });
});

test("a program submitted to the TrackML throughput phase is run, measured and ranked by throughput", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "Bob Participant");
  await page.goto("/challenges/trackml");
  await page.getByTestId("code-phases").getByRole("link", { name: "submit a program →" }).click();
  await expect(page.locator("h1")).toContainText("submit a program to Throughput");
  await page.screenshot({ path: "test-results/program-form.png", fullPage: true });
  const model = file("model.py", readFileSync(path.resolve("challenges/trackml/throughput/model.py")));
  await page.locator('input[type="file"]').setInputFiles(model);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId("submission-status")).toContainText("scored", { timeout: 120_000 });
  await expect(page.getByTestId("run-sample")).toContainText("finished");
  await expect(page.getByTestId("run-hidden")).toContainText("finished");
  await expect(page.getByTestId("score-throughput")).toBeVisible();
  await expect(page.getByTestId("score-wallSecondsPerUnit")).toBeVisible();
  await expect(page.getByTestId("code-run")).toContainText("shown to the organizers only");
  await page.screenshot({ path: "test-results/code-run.png", fullPage: true });

  await page.goto("/challenges/trackml/leaderboard?phase=Throughput");
  await expect(page.locator("table.leaderboard thead")).toContainText("Throughput score");
  await expect(page.locator("table.leaderboard tbody tr")).not.toHaveCount(0);
  await page.screenshot({ path: "test-results/throughput-leaderboard.png", fullPage: true });
});
