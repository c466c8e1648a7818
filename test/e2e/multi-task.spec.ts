// A multi-task challenge in Chromium: a site admin creates it from a bundle,
// participants submit archives with a member per task, the leaderboard ranks
// by the average rank across tasks with the gate stated, a submission that
// fails the gate shows why it is not ranked, and the organizer relabels a
// metric and changes the phase's limit on the settings page.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { tarGz } from "../../challenges/fpga-jet-tagging/write-bundle.ts";
import { multiTaskFixture } from "../fixtures/multi-task-bundle.ts";
import { signInAs } from "./sign-in.ts";
import { submitFile } from "./submit-file.ts";

const slug = `multi-task-${Date.now().toString(36)}`;
const fixture = multiTaskFixture(7);
const file = (name: string, content: Buffer) => {
  const at = path.join(tmpdir(), `${slug}-${name}`);
  writeFileSync(at, content);
  return at;
};

test("a multi-task phase ranks by the average rank, states its gate and shows a failed gate's reason", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "Ada Admin");
  await page.goto("/admin/challenges/bundle");
  await page.getByLabel("bundle").setInputFiles(file("bundle.tar.gz", tarGz(fixture.bundleFiles(slug))));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("bundle-preview")).toContainText("Anomaly scores across signals");
  await page.getByRole("button", { name: "Create the challenge" }).click();
  await expect(page).toHaveURL(new RegExp(`/challenges/${slug}$`));

  await signInAs(page, "Alice Participant");
  await submitFile(page, slug, file("alice.tar.gz", tarGz(fixture.submissionFiles([0.8, 0.6, 0.9], 0))));
  await signInAs(page, "Bob Participant");
  await submitFile(page, slug, file("bob.tar.gz", tarGz(fixture.submissionFiles([0.5, 0.7, 0.2], 0))));
  // Bob's second one tells data from simulation on the control channel: scored, not ranked.
  await submitFile(page, slug, file("bob-biased.tar.gz", tarGz(fixture.submissionFiles([0.9, 0.9, 0.9], 1))));
  await expect(page.getByTestId("failed-gates")).toContainText(
    "Scored, but not ranked: it fails a test the challenge requires. agreement test on the control channel: control.ks =",
  );
  await expect(page.getByTestId("score-sig_a.auc")).toBeVisible();
  await page.screenshot({ path: "test-results/multi-task-failed-gate.png", fullPage: true });

  await page.goto(`/challenges/${slug}/leaderboard`);
  await expect(page.getByTestId("gates")).toContainText(
    "Ranked only when passing the test: agreement test on the control channel (control.ks < 0.3).",
  );
  await expect(page.getByTestId("unranked")).toContainText("1 scored submission is not ranked: 1 failing a test above");
  const rows = page.locator("table.leaderboard tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.locator("table.leaderboard thead")).toContainText("Average rank");
  await expect(page.locator("table.leaderboard thead")).toContainText("AUC sig_b");
  // Bob's own history plots his mean AUC (the average rank is the board's, not a submission's).
  await expect(page.getByTestId("own-history").locator(".recharts-scatter-symbol")).toHaveCount(2);
  await page.screenshot({ path: "test-results/multi-task-leaderboard.png", fullPage: true });

  // The creator organizes it: a metric relabelled, the daily limit changed, both on the settings page.
  await signInAs(page, "Ada Admin");
  await page.goto(`/challenges/${slug}/settings`);
  await page.getByLabel("label mean.auc").fill("Mean AUC over signals");
  await page.getByRole("button", { name: "Save metrics" }).click();
  await expect(page.getByTestId("metrics-saved")).toBeVisible();
  const phase = page.getByTestId("phase-form-Main");
  await phase.getByLabel("per day").fill("7");
  await phase.getByRole("button", { name: "Save Main" }).click();
  await expect(phase.getByTestId("phase-saved")).toBeVisible();
  await phase.getByLabel("closes").fill("2001-01-01T00:00:00Z");
  await phase.getByRole("button", { name: "Save Main" }).click();
  await expect(phase.getByTestId("phase-error")).toContainText("the deadline must come after that");
  await page.screenshot({ path: "test-results/multi-task-settings.png", fullPage: true });
  await page.goto(`/challenges/${slug}/leaderboard`);
  await expect(page.locator("table.leaderboard thead")).toContainText("Mean AUC over signals");
});
